package cn.panyu.card.intake;

import cn.panyu.card.personaldata.Masking;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake of an institution's batch file: every row through {@link ApplicantRules}, duplicates within
 * the file and against earlier applications, photos for schools; accepted rows become applications,
 * refused rows come back with their reasons and as a downloadable error report. One transaction: a
 * file refused whole leaves nothing behind. Then the batch's {@code collective-issuance} process starts.
 */
@Service
public class CollectiveIntakeService {

  private static final Logger log = LoggerFactory.getLogger(CollectiveIntakeService.class);

  public static final String PROCESS_KEY = "collective-issuance";
  public static final String DOCUMENT_KIND_ERROR_REPORT = "BATCH_ERROR_REPORT";
  public static final String DOCUMENT_KIND_PHOTO = "PHOTO";

  /** A file to take in (the caller owns the files and deletes them afterwards). */
  public record IntakeRequest(String institutionCode, Path file, String fileName, String password, Path photos,
      String userId, LocalDate applicationDate) {}

  /**
   * What became of a file: the batch, its process instance, how many rows were accepted and how many
   * refused, and every reason (several per row possible) in row order.
   */
  public record IntakeResult(String batchNumber, String processInstanceId, int accepted, int rejectedRows,
      List<RowError> rejected) {}

  private final ApplicantRules rules;
  private final IntakeStore store;
  private final IntakeProperties limits;
  private final RuntimeService runtime;
  private final TransactionTemplate tx;
  private final Clock clock;

  public CollectiveIntakeService(ApplicantRules rules, IntakeStore store,
      IntakeProperties limits, RuntimeService runtime, PlatformTransactionManager transactions) {
    this.rules = rules;
    this.store = store;
    this.limits = limits;
    this.runtime = runtime;
    this.tx = new TransactionTemplate(transactions);
    this.clock = Clock.systemDefaultZone();
  }

  /** A new batch from a file: stores it and starts the batch's process. */
  public IntakeResult intake(IntakeRequest request) {
    return intake(request, null);
  }

  /**
   * A new batch from a file uploaded on the start form of an instance that runs already (Tasklist): stores
   * it as the batch of that instance and starts nothing.
   */
  public IntakeResult intakeForInstance(IntakeRequest request, String processInstanceId) {
    return intake(request, java.util.Objects.requireNonNull(processInstanceId));
  }

  private IntakeResult intake(IntakeRequest request, String runningInstanceId) {
    return withDeadlockRetry(() -> tx.execute(status -> {
      checkSize(request.file());
      Timestamp at = now();
      String batchNumber = store.nextBatchNumber(at.toLocalDateTime().getYear());
      Run run = ingest(batchNumber, 0, request, at);
      store.insertBatch(batchNumber, request.institutionCode(), request.fileName(), run.layout.workIdHeader(),
          request.userId(), at);
      Long report = storeReport(batchNumber, run.layout.workIdHeader(), null, request.userId(), at);
      store.updateBatch(batchNumber, run.accepted, run.rejectedRows, report);
      String processInstanceId = runningInstanceId != null ? runningInstanceId
          : runtime.startProcessInstanceByKey(PROCESS_KEY, batchNumber,
              Variables.createVariables()
                  .putValue("batchNumber", batchNumber)
                  .putValue("institutionCode", request.institutionCode())
                  .putValue("accepted", run.accepted)
                  .putValue("rejected", run.rejectedRows)).getId();
      store.setProcessInstance(batchNumber, processInstanceId);
      log.info("batch {} of {}: {} rows accepted, {} refused", batchNumber, request.institutionCode(),
          run.accepted, run.rejectedRows);
      return new IntakeResult(batchNumber, processInstanceId, run.accepted, run.rejectedRows, run.errors);
    }));
  }

  /**
   * Corrected rows into an existing batch (the correction loop): the file holds the rows still to be
   * corrected (typically the error report, corrected). Accepted rows join the batch's applications;
   * the batch's outstanding errors and its error report are replaced by this file's. No new process.
   */
  public IntakeResult reintake(String batchNumber, IntakeRequest request) {
    return withDeadlockRetry(() -> tx.execute(status -> {
      checkSize(request.file());
      IntakeStore.BatchRow batch = store.lockBatch(batchNumber);
      if (batch == null) {
        throw new IllegalArgumentException("no batch " + batchNumber);
      }
      if (!batch.institutionCode().equals(request.institutionCode())) {
        throw new IllegalArgumentException("batch " + batchNumber + " is not of " + request.institutionCode());
      }
      Timestamp at = now();
      store.deleteErrors(batchNumber);
      Run run = ingest(batchNumber, store.lastApplicationIndex(batchNumber), request, at);
      Long report = storeReport(batchNumber, run.layout.workIdHeader(), batch.errorDocumentId(), request.userId(), at);
      store.updateBatch(batchNumber, batch.accepted() + run.accepted, run.rejectedRows, report);
      log.info("batch {} corrected: {} more rows accepted, {} still refused", batchNumber, run.accepted,
          run.rejectedRows);
      return new IntakeResult(batchNumber, batch.processInstanceId(), run.accepted, run.rejectedRows, run.errors);
    }));
  }

  /** The stored error report (XLSX), or a CSV of the same lines. */
  public byte[] errorReport(String batchNumber, boolean csv) {
    IntakeStore.BatchRow batch = store.findBatch(batchNumber);
    if (batch == null) {
      return null;
    }
    if (csv) {
      return ErrorReport.csv(batch.idColumn(), store.errors(batchNumber));
    }
    return batch.errorDocumentId() == null
        ? ErrorReport.xlsx(batch.idColumn(), List.of())
        : store.documentContent(batch.errorDocumentId());
  }

  /** The institution a batch belongs to, or null if there is no such batch. */
  public String institutionOf(String batchNumber) {
    IntakeStore.BatchRow batch = store.findBatch(batchNumber);
    return batch == null ? null : batch.institutionCode();
  }

  // ------------------------------------------------------------------------------------------------

  private void checkSize(Path file) {
    if (file.toFile().length() > limits.getMaxFileBytes()) {
      throw new FileRefusedException(Reasons.FILE_TOO_LARGE,
          "文件过大（不超过" + limits.getMaxFileBytes() / (1024 * 1024) + "MB），请分成几个文件上传");
    }
  }

  private Timestamp now() {
    return Timestamp.valueOf(LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS));
  }

  private Long storeReport(String batchNumber, String idColumn, Long existing, String user, Timestamp at) {
    byte[] xlsx = ErrorReport.xlsx(idColumn, store.errors(batchNumber));
    if (existing != null) {
      store.replaceDocument(existing, xlsx, at);
      return existing;
    }
    return store.insertDocument(DOCUMENT_KIND_ERROR_REPORT, batchNumber + "-退回明细.xlsx",
        ErrorReport.CONTENT_TYPE_XLSX, xlsx, user, at);
  }

  /**
   * Reads and checks the file on a reader thread while this (the transaction's) thread stores what
   * it has checked: parsing and the database work overlap, and a bounded queue of chunks keeps the
   * heap flat whatever the file's size.
   */
  private Run ingest(String batchNumber, int lastIndex, IntakeRequest request, Timestamp at) {
    PhotoArchive photos = request.photos() == null ? null : PhotoArchive.open(request.photos(), limits);
    Run run = new Run(batchNumber, lastIndex, request, photos, at);
    Thread reader = new Thread(run::produce, "intake-reader-" + batchNumber);
    reader.setDaemon(true);
    reader.start();
    try {
      run.consume();
      run.errors.sort((a, b) -> Integer.compare(a.row(), b.row())); // claims lost at a flush come late
      return run;
    } finally {
      run.cancelled = true;
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (photos != null) {
        photos.close();
      }
    }
  }

  /** An accepted row waiting for its claim, with its photo if it came with one. */
  private record Candidate(IntakeStore.NewApplication application, PhotoArchive.Photo photo) {}

  /** A refused row's reasons and its values as written. */
  private record Refusal(int row, List<RowError> errors, String values) {}

  /** What the reader hands over: checked rows, or the end of the file, or why reading stopped. */
  private record Chunk(List<Candidate> accepted, List<Refusal> refused, RuntimeException failure, boolean last) {}

  /** One pass over a file: the reader thread checks rows, the transaction's thread stores them. */
  private final class Run {
    final String batchNumber;
    final IntakeRequest request;
    final PhotoArchive photos;
    final Timestamp at;
    /** The eligibility decision depends on (residency, age, enterprise employee) only: evaluated once per file. */
    final ApplicantRules rowRules;
    final java.util.concurrent.BlockingQueue<Chunk> queue = new java.util.concurrent.ArrayBlockingQueue<>(3);
    volatile boolean cancelled;

    // reader thread only
    final RowNumberIndex seen = new RowNumberIndex();
    List<Candidate> accepting = new ArrayList<>();
    List<Refusal> refusing = new ArrayList<>();
    int index;
    int dataRows;

    // set by the reader before the first chunk, read by the storing thread after it
    volatile BatchLayout layout;

    // storing thread only
    final List<RowError> errors = new ArrayList<>();
    int accepted;
    int rejectedRows;

    Run(String batchNumber, int lastIndex, IntakeRequest request, PhotoArchive photos, Timestamp at) {
      this.batchNumber = batchNumber;
      this.index = lastIndex;
      this.request = request;
      this.photos = photos;
      this.at = at;
      this.rowRules = rules.withEligibility(memoised(rules.eligibility()));
    }

    // ------------------------------------------------------------------ reader thread

    void produce() {
      try {
        BatchFileReader.read(request.file(), request.fileName(), request.password(), this::row);
        if (layout == null) {
          throw new FileRefusedException(Reasons.FILE_EMPTY, "文件是空的");
        }
        if (dataRows == 0) {
          throw new FileRefusedException(Reasons.FILE_EMPTY, "文件只有表头，没有申请人数据");
        }
        hand(new Chunk(accepting, refusing, null, true));
      } catch (Cancelled e) {
        // the storing thread gave up: nobody is waiting for more
      } catch (RuntimeException e) {
        try {
          hand(new Chunk(List.of(), List.of(), e, true));
        } catch (Cancelled ignored) {
          // nobody is waiting
        }
      }
    }

    void row(int rowNumber, String[] cells) {
      if (layout == null) {
        layout = BatchLayout.of(cells);
        return;
      }
      dataRows++;
      ApplicantData d = rowRules.normalise(layout.data(cells));
      List<RowError> rowErrors = rowRules.check(d, request.applicationDate());
      if (d.workId() == null) {
        rowErrors.add(new RowError(null, ApplicantData.FIELD_WORK_ID, Reasons.MISSING_FIELD,
            layout.workIdHeader() + "不能为空"));
      }
      String id = d.idNumber();
      if (IdNumber.hasFormat(id) && IdNumber.hasValidCheck(id)) {
        int first = seen.putIfAbsent(IdNumber.pack(id), rowNumber);
        if (first != 0) {
          rowErrors.add(new RowError(null, ApplicantData.FIELD_ID_NUMBER, Reasons.DUPLICATE_IN_BATCH,
              "与本文件第" + first + "行的身份证号重复"));
        }
      }
      PhotoArchive.Photo photo = photos == null ? null : photos.find(id, d.workId());
      if (photo == null && layout.school()) {
        rowErrors.add(new RowError(null, ApplicantData.FIELD_PHOTO, Reasons.PHOTO_MISSING,
            "照片压缩包中没有该学生的照片（文件名应为身份证号或学籍号.jpg）"));
      } else if (photo != null && photo.problem() != null) {
        rowErrors.add(new RowError(null, ApplicantData.FIELD_PHOTO, Reasons.PHOTO_INVALID, photo.problem()));
      }
      if (rowErrors.isEmpty()) {
        accepting.add(new Candidate(new IntakeStore.NewApplication(
            IntakeStore.applicationNumber(batchNumber, ++index), rowNumber, d, null), photo));
      } else {
        refusing.add(new Refusal(rowNumber, rowErrors, ErrorReport.encodeValues(layout.values(cells))));
      }
      if (accepting.size() >= limits.getChunkSize() || refusing.size() >= limits.getChunkSize()) {
        hand(new Chunk(accepting, refusing, null, false));
        accepting = new ArrayList<>();
        refusing = new ArrayList<>();
      }
    }

    private void hand(Chunk chunk) {
      try {
        while (!queue.offer(chunk, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          if (cancelled) {
            throw new Cancelled();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled();
      }
    }

    // ------------------------------------------------------------------ storing thread

    void consume() {
      while (true) {
        Chunk chunk;
        try {
          chunk = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("intake interrupted", e);
        }
        if (chunk.failure() != null) {
          throw chunk.failure();
        }
        store(chunk);
        if (chunk.last()) {
          return;
        }
      }
    }

    private void store(Chunk chunk) {
      List<IntakeStore.ErrorRow> errorRows = new ArrayList<>();
      for (Refusal r : chunk.refused()) {
        refuse(r, errorRows);
      }
      if (!chunk.accepted().isEmpty()) {
        List<IntakeStore.NewApplication> pending = new ArrayList<>(chunk.accepted().size());
        for (Candidate c : chunk.accepted()) {
          pending.add(c.photo() == null ? c.application() : withPhoto(c));
        }
        Set<String> won = store.store(pending, request.institutionCode(), batchNumber, request.userId(), at);
        List<IntakeStore.NewApplication> winners = new ArrayList<>(pending.size());
        for (IntakeStore.NewApplication a : pending) {
          if (won.contains(a.data().idNumber())) {
            winners.add(a);
          } else {
            log.info("batch {} row {}: ID number {} already applied", batchNumber, a.row(),
                Masking.idNumber(a.data().idNumber()));
            refuse(new Refusal(a.row(), List.of(new RowError(null, ApplicantData.FIELD_ID_NUMBER,
                Reasons.ALREADY_APPLIED, "该身份证号已有申请，不能重复申请")),
                ErrorReport.encodeValues(valuesOf(a.data()))), errorRows);
          }
        }
        accepted += winners.size();
      }
      store.insertErrors(batchNumber, errorRows);
    }

    private IntakeStore.NewApplication withPhoto(Candidate c) {
      long id = store.insertDocument(DOCUMENT_KIND_PHOTO, c.photo().entryName(), "image/jpeg",
          photos.bytes(c.photo()), request.userId(), at);
      IntakeStore.NewApplication a = c.application();
      return new IntakeStore.NewApplication(a.applicationNumber(), a.row(), a.data(), id);
    }

    private void refuse(Refusal r, List<IntakeStore.ErrorRow> errorRows) {
      rejectedRows++;
      for (RowError e : r.errors()) {
        errors.add(e.withRow(r.row()));
        errorRows.add(new IntakeStore.ErrorRow(r.row(), e.field(), e.reason(), e.message(), r.values()));
      }
    }

    /** An accepted row's values for the report when its claim is lost (as normalised). */
    private Map<String, String> valuesOf(ApplicantData d) {
      Map<String, String> v = new java.util.LinkedHashMap<>();
      v.put(BatchLayout.BANK, d.bank());
      v.put(BatchLayout.NAME, d.name());
      v.put(BatchLayout.GENDER, d.gender());
      v.put(BatchLayout.ID_NUMBER, d.idNumber());
      v.put(BatchLayout.PHONE, d.phone());
      v.put(layout.workIdHeader(), d.workId());
      v.put(BatchLayout.RESIDENCY, d.residency());
      v.put(BatchLayout.ENTERPRISE_EMPLOYEE, d.enterpriseEmployee());
      return v;
    }
  }

  /** The reader stops because the storing thread has stopped. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }

  private static EligibilityRule memoised(EligibilityRule rule) {
    Map<String, String> cache = new HashMap<>(); // used by the one reader thread of a file
    String none = "";
    return (residency, age, enterpriseEmployee) -> {
      String r = cache.computeIfAbsent(residency + '|' + age + '|' + enterpriseEmployee, k -> {
        String reason = rule.reason(residency, age, enterpriseEmployee);
        return reason == null ? none : reason;
      });
      return r.isEmpty() ? null : r;
    };
  }

  private static <T> T withDeadlockRetry(java.util.function.Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (PessimisticLockingFailureException e) {
        // two files with the same people, claimed in crossing order: PostgreSQL picks a loser; again
        if (attempt >= 3) {
          throw e;
        }
        log.info("intake deadlocked with a concurrent intake, attempt {} again", attempt + 1);
      }
    }
  }
}
