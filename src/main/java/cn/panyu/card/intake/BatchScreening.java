package cn.panyu.card.intake;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Reads and checks an institution's batch file: every row through {@link ApplicantRules}, duplicates within
 * the file, photos for schools. Stores nothing: the caller's {@link Sink} gets the checked rows a chunk at a
 * time, on the caller's thread (so inside the caller's transaction), while a reader thread goes on reading —
 * parsing and the database work overlap, and a bounded queue of chunks keeps the heap flat whatever the
 * file's size.
 */
@Component
public class BatchScreening {

  /** A file to screen (the caller owns the files and deletes them afterwards). */
  public record BatchFile(Path file, String fileName, String password, Path photos, LocalDate applicationDate) {}

  /** A row that passed, with its photo if it came with one. */
  public record Accepted(int row, ApplicantData data, PhotoArchive.Photo photo) {}

  /** A refused row's reasons and its values as written (CSV of the report's columns). */
  public record Refused(int row, List<RowError> errors, String values) {}

  /** Checked rows; the file's photos stay open until the sink returns. */
  public record Chunk(List<Accepted> accepted, List<Refused> refused, PhotoArchive photos, BatchLayout layout) {}

  /** Takes the checked rows of a file, a chunk at a time. */
  public interface Sink {
    void take(Chunk chunk);
  }

  private final ApplicantRules rules;
  private final IntakeProperties limits;

  public BatchScreening(ApplicantRules rules, IntakeProperties limits) {
    this.rules = rules;
    this.limits = limits;
  }

  /** Screens a whole file into the sink; returns the file's layout. A file refused whole throws. */
  public BatchLayout screen(BatchFile file, Sink sink) {
    if (file.file().toFile().length() > limits.getMaxFileBytes()) {
      throw new FileRefusedException(Reasons.FILE_TOO_LARGE,
          "文件过大（不超过" + limits.getMaxFileBytes() / (1024 * 1024) + "MB），请分成几个文件上传");
    }
    PhotoArchive photos = file.photos() == null ? null : PhotoArchive.open(file.photos(), limits);
    Run run = new Run(file, photos);
    Thread reader = new Thread(run::produce, "intake-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      run.consume(sink);
      return run.layout;
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

  /** An accepted row's values, as normalised, for the report when the row is refused later (its claim lost). */
  public static String valuesOf(ApplicantData d, BatchLayout layout) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(BatchLayout.BANK, d.bank());
    v.put(BatchLayout.NAME, d.name());
    v.put(BatchLayout.GENDER, d.gender());
    v.put(BatchLayout.ID_NUMBER, d.idNumber());
    v.put(BatchLayout.PHONE, d.phone());
    v.put(layout.workIdHeader(), d.workId());
    v.put(BatchLayout.RESIDENCY, d.residency());
    v.put(BatchLayout.ENTERPRISE_EMPLOYEE, d.enterpriseEmployee());
    return ErrorReport.encodeValues(v);
  }

  /** What the reader hands over: checked rows, or the end of the file, or why reading stopped. */
  private record Handed(List<Accepted> accepted, List<Refused> refused, RuntimeException failure, boolean last) {}

  /** One pass over a file: the reader thread checks rows, the caller's thread takes them. */
  private final class Run {
    final BatchFile file;
    final PhotoArchive photos;
    /** The eligibility decision depends on (residency, age, enterprise employee) only: evaluated once per file. */
    final ApplicantRules rowRules;
    final BlockingQueue<Handed> queue = new ArrayBlockingQueue<>(3);
    volatile boolean cancelled;
    // set by the reader before the first chunk, read by the caller's thread after it
    volatile BatchLayout layout;

    // reader thread only
    final RowNumberIndex seen = new RowNumberIndex();
    List<Accepted> accepting = new ArrayList<>();
    List<Refused> refusing = new ArrayList<>();
    int dataRows;

    Run(BatchFile file, PhotoArchive photos) {
      this.file = file;
      this.photos = photos;
      this.rowRules = rules.withEligibility(memoised(rules.eligibility()));
    }

    void produce() {
      try {
        BatchFileReader.read(file.file(), file.fileName(), file.password(), this::row);
        if (layout == null) {
          throw new FileRefusedException(Reasons.FILE_EMPTY, "文件是空的");
        }
        if (dataRows == 0) {
          throw new FileRefusedException(Reasons.FILE_EMPTY, "文件只有表头，没有申请人数据");
        }
        hand(new Handed(accepting, refusing, null, true));
      } catch (Cancelled e) {
        // the caller gave up: nobody is waiting for more
      } catch (RuntimeException e) {
        try {
          hand(new Handed(List.of(), List.of(), e, true));
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
      List<RowError> rowErrors = rowRules.check(d, file.applicationDate());
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
        accepting.add(new Accepted(rowNumber, d, photo));
      } else {
        refusing.add(new Refused(rowNumber, rowErrors, ErrorReport.encodeValues(layout.values(cells))));
      }
      if (accepting.size() >= limits.getChunkSize() || refusing.size() >= limits.getChunkSize()) {
        hand(new Handed(accepting, refusing, null, false));
        accepting = new ArrayList<>();
        refusing = new ArrayList<>();
      }
    }

    private void hand(Handed handed) {
      try {
        while (!queue.offer(handed, 200, TimeUnit.MILLISECONDS)) {
          if (cancelled) {
            throw new Cancelled();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled();
      }
    }

    void consume(Sink sink) {
      while (true) {
        Handed handed;
        try {
          handed = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("intake interrupted", e);
        }
        if (handed.failure() != null) {
          throw handed.failure();
        }
        sink.take(new Chunk(handed.accepted(), handed.refused(), photos, layout));
        if (handed.last()) {
          return;
        }
      }
    }
  }

  /** The reader stops because the caller has stopped. */
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
}
