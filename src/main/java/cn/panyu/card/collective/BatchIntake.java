package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.ACCEPTED;
import static cn.panyu.card.collective.CollectiveIssuance.BATCH_NUMBER;
import static cn.panyu.card.collective.CollectiveIssuance.INSTITUTION_CODE;
import static cn.panyu.card.collective.CollectiveIssuance.REJECTED;

import cn.panyu.card.application.BatchRegistrations;
import cn.panyu.card.application.BatchRegistrations.NewApplication;
import cn.panyu.card.application.Documents;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.BatchLayout;
import cn.panyu.card.intake.BatchScreening;
import cn.panyu.card.intake.BatchScreening.BatchFile;
import cn.panyu.card.intake.ErrorReport;
import cn.panyu.card.intake.ErrorRow;
import cn.panyu.card.intake.Reasons;
import cn.panyu.card.intake.RowError;
import cn.panyu.card.personaldata.Masking;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An institution's batch file taken in: the rows {@link BatchScreening} accepts become applications, the
 * refused ones come back with their reasons and as a downloadable error report. One transaction: a file
 * refused whole leaves nothing behind. Then the batch's {@code collective-issuance} process starts.
 */
@Service
public class BatchIntake {

  private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);

  static final String DOCUMENT_KIND_ERROR_REPORT = "BATCH_ERROR_REPORT";
  static final String DOCUMENT_KIND_PHOTO = "PHOTO";

  /** A file to take in (the caller owns the files and deletes them afterwards). */
  public record IntakeRequest(String institutionCode, Path file, String fileName, String password, Path photos,
      String userId, LocalDate applicationDate) {

    BatchFile batchFile() {
      return new BatchFile(file, fileName, password, photos, applicationDate);
    }
  }

  /**
   * What became of a file: the batch, its process instance, how many rows were accepted and how many
   * refused, and every reason (several per row possible) in row order.
   */
  public record IntakeResult(String batchNumber, String processInstanceId, int accepted, int rejectedRows,
      List<RowError> rejected) {}

  private final BatchScreening screening;
  private final BatchRecords batches;
  private final BatchRegistrations registrations;
  private final Documents documents;
  private final RuntimeService runtime;
  private final TransactionTemplate tx;
  private final TransactionTemplate ownTx;
  private final Clock clock;

  public BatchIntake(BatchScreening screening, BatchRecords batches, BatchRegistrations registrations,
      Documents documents, RuntimeService runtime, PlatformTransactionManager transactions, Clock clock) {
    this.screening = screening;
    this.batches = batches;
    this.registrations = registrations;
    this.documents = documents;
    this.runtime = runtime;
    this.tx = new TransactionTemplate(transactions);
    this.ownTx = new TransactionTemplate(transactions);
    ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  /** A new batch from a file: stores it and starts the batch's process. */
  public IntakeResult intake(IntakeRequest request) {
    return withDeadlockRetry(() -> tx.execute(status -> intake(request, null)));
  }

  /**
   * A new batch from a file uploaded on the start form of an instance that runs already (Tasklist): stores it
   * as the batch of that instance and starts nothing. In a transaction of its own, apart from the job's: a refused
   * file leaves the job free to go on, a deadlock is retried here, and a job that runs again after its batch was
   * stored finds it instead of storing the file twice.
   */
  public IntakeResult intakeForInstance(IntakeRequest request, String processInstanceId) {
    Objects.requireNonNull(processInstanceId);
    return withDeadlockRetry(() -> ownTx.execute(status -> {
      BatchRecords.BatchRecord stored = batches.findByProcessInstance(processInstanceId);
      return stored != null
          ? new IntakeResult(stored.batchNumber(), processInstanceId, stored.accepted(), stored.rejected(), List.of())
          : intake(request, processInstanceId);
    }));
  }

  private IntakeResult intake(IntakeRequest request, String runningInstanceId) {
    Timestamp at = now();
    String batchNumber = batches.nextBatchNumber(at.toLocalDateTime().getYear());
    Run run = new Run(batchNumber, 0, request, at);
    BatchLayout layout = screening.screen(request.batchFile(), run::store);
    batches.insert(batchNumber, request.institutionCode(), request.fileName(), layout.workIdHeader(),
        request.userId(), at);
    Long report = storeReport(batchNumber, layout.workIdHeader(), null, request.userId());
    batches.updateCounts(batchNumber, run.accepted, run.rejectedRows, report);
    String processInstanceId = runningInstanceId != null ? runningInstanceId
        : runtime.startProcessInstanceByKey(CollectiveIssuance.PROCESS_KEY, batchNumber,
            BATCH_NUMBER.with(batchNumber)
                .and(INSTITUTION_CODE, request.institutionCode())
                .and(ACCEPTED, run.accepted)
                .and(REJECTED, run.rejectedRows)).getId();
    batches.setProcessInstance(batchNumber, processInstanceId);
    log.info("batch {} of {}: {} rows accepted, {} refused", batchNumber, request.institutionCode(),
        run.accepted, run.rejectedRows);
    return new IntakeResult(batchNumber, processInstanceId, run.accepted, run.rejectedRows, run.sortedErrors());
  }

  /**
   * Corrected rows into an existing batch (the correction loop): the file holds the rows still to be corrected
   * (typically the error report, corrected). Accepted rows join the batch's applications; the batch's
   * outstanding errors and its error report are replaced by this file's. No new process.
   */
  public IntakeResult reintake(String batchNumber, IntakeRequest request) {
    return withDeadlockRetry(() -> tx.execute(status -> {
      BatchRecords.BatchRecord batch = batches.lock(batchNumber);
      if (batch == null) {
        throw new IllegalArgumentException("no batch " + batchNumber);
      }
      if (!batch.institutionCode().equals(request.institutionCode())) {
        throw new IllegalArgumentException("batch " + batchNumber + " is not of " + request.institutionCode());
      }
      Timestamp at = now();
      batches.deleteErrors(batchNumber);
      Run run = new Run(batchNumber, registrations.lastIndex(batchNumber), request, at);
      BatchLayout layout = screening.screen(request.batchFile(), run::store);
      Long report = storeReport(batchNumber, layout.workIdHeader(), batch.errorDocumentId(), request.userId());
      batches.updateCounts(batchNumber, batch.accepted() + run.accepted, run.rejectedRows, report);
      log.info("batch {} corrected: {} more rows accepted, {} still refused", batchNumber, run.accepted,
          run.rejectedRows);
      return new IntakeResult(batchNumber, batch.processInstanceId(), run.accepted, run.rejectedRows,
          run.sortedErrors());
    }));
  }

  /** The stored error report (XLSX), or a CSV of the same lines; null if there is no such batch. */
  public byte[] errorReport(String batchNumber, boolean csv) {
    BatchRecords.BatchRecord batch = batches.find(batchNumber);
    if (batch == null) {
      return null;
    }
    if (csv) {
      return ErrorReport.csv(batch.idColumn(), batches.errors(batchNumber));
    }
    return batch.errorDocumentId() == null
        ? ErrorReport.xlsx(batch.idColumn(), List.of())
        : documents.content(batch.errorDocumentId());
  }

  /** The institution a batch belongs to, or null if there is no such batch. */
  public String institutionOf(String batchNumber) {
    return batches.institutionOf(batchNumber);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  private Long storeReport(String batchNumber, String idColumn, Long existing, String user) {
    byte[] xlsx = ErrorReport.xlsx(idColumn, batches.errors(batchNumber));
    if (existing != null) {
      documents.replace(existing, xlsx);
      return existing;
    }
    return documents.store(DOCUMENT_KIND_ERROR_REPORT, batchNumber + "-退回明细.xlsx", ErrorReport.CONTENT_TYPE_XLSX,
        xlsx, user);
  }

  /** One file's rows into the batch: numbered, claimed and stored a chunk at a time. */
  private final class Run {
    final String batchNumber;
    final IntakeRequest request;
    final Timestamp at;
    int index;
    int accepted;
    int rejectedRows;
    final List<RowError> errors = new ArrayList<>();

    Run(String batchNumber, int lastIndex, IntakeRequest request, Timestamp at) {
      this.batchNumber = batchNumber;
      this.index = lastIndex;
      this.request = request;
      this.at = at;
    }

    void store(BatchScreening.Chunk chunk) {
      List<ErrorRow> errorRows = new ArrayList<>();
      for (BatchScreening.Refused r : chunk.refused()) {
        refuse(r, errorRows);
      }
      if (!chunk.accepted().isEmpty()) {
        registerAccepted(chunk, errorRows);
      }
      batches.insertErrors(batchNumber, errorRows);
    }

    private void registerAccepted(BatchScreening.Chunk chunk, List<ErrorRow> errorRows) {
      List<NewApplication> pending = new ArrayList<>(chunk.accepted().size());
      for (BatchScreening.Accepted a : chunk.accepted()) {
        Long photo = a.photo() == null ? null : documents.store(DOCUMENT_KIND_PHOTO, a.photo().entryName(),
            "image/jpeg", chunk.photos().bytes(a.photo()), request.userId());
        pending.add(new NewApplication(BatchRegistrations.applicationNumber(batchNumber, ++index), a.row(),
            a.data(), photo));
      }
      Set<String> won = registrations.register(pending, request.institutionCode(), batchNumber, request.userId(),
          at);
      for (NewApplication a : pending) {
        if (won.contains(a.data().idNumber())) {
          accepted++;
        } else {
          log.info("batch {} row {}: ID number {} already applied", batchNumber, a.row(),
              Masking.idNumber(a.data().idNumber()));
          refuse(new BatchScreening.Refused(a.row(), List.of(new RowError(null, ApplicantData.FIELD_ID_NUMBER,
              Reasons.ALREADY_APPLIED, "该身份证号已有申请，不能重复申请")),
              BatchScreening.valuesOf(a.data(), chunk.layout())), errorRows);
        }
      }
    }

    private void refuse(BatchScreening.Refused r, List<ErrorRow> errorRows) {
      rejectedRows++;
      for (RowError e : r.errors()) {
        errors.add(e.withRow(r.row()));
        errorRows.add(new ErrorRow(r.row(), e.field(), e.reason(), e.message(), r.values()));
      }
    }

    /** Claims lost at a chunk's store come after the chunk's refusals: the reasons in row order. */
    List<RowError> sortedErrors() {
      errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
      return errors;
    }
  }

  private static <T> T withDeadlockRetry(Supplier<T> work) {
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
