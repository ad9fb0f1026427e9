package cn.panyu.card.benchmark;

import cn.panyu.card.collective.BatchIntake;
import cn.panyu.card.intake.IdNumber;
import cn.panyu.card.intake.IntakeTestSupport;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.PostgresTest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Intake speed against PostgreSQL's own COPY of the same rows into the same table, on the embedded
 * PostgreSQL of the tests, and the peak heap of intake by file size. Not a test: run it with
 *
 * <pre>mvn -B -o test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=IntakeBenchmark \
 *     -Dintake.benchmark.rows=200000</pre>
 *
 * ({@code -Dintake.benchmark.rows=10000,100000,1000000} for the heap series; {@code
 * -Dintake.benchmark.formats=csv} to skip XLSX). Appends its figures to src/benchmark/intake-results.md.
 */
@PostgresTest
@Tag("benchmark")
// the shipped limits (IntakeProperties: 50 MB per file, chunks of 2,000 rows); the heap series of a million rows
// needs -Dintake.max-file-bytes=4000000000 on the command line
@TestPropertySource(properties = {"logging.level.cn.panyu.card=warn"})
class IntakeBenchmark {

  private static final String[] BANKS = {"工商银行", "中国农业银行", "中国银行", "建设银行", "交通银行", "招商银行",
      "邮储银行", "广州银行", "广州农商银行"};

  @Autowired BatchIntake intake;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @TempDir Path dir;

  record Figure(String format, int rows, long bytes, double intakeSeconds, double copySeconds, long oldGenPeak,
      long heapPeak, int accepted) {}

  @Test
  void intakeAgainstCopy() throws Exception {
    IntakeTestSupport.setUp(units, identity, authorizations);
    String[] sizes = System.getProperty("intake.benchmark.rows", "200000").split(",");
    List<String> formats = List.of(System.getProperty("intake.benchmark.formats", "csv,xlsx").split(","));
    List<Figure> figures = new ArrayList<>();
    warmUp(formats);
    int runs = Integer.getInteger("intake.benchmark.runs", 5);
    for (String size : sizes) {
      int n = Integer.parseInt(size.strip());
      // COPY and intake alternate, five times each per format: the median of each is compared
      for (int run = 0; run < runs; run++) for (String format : formats) {
        // COPY right before each intake: the load of the shared machine changes from minute to minute
        Path copyInput = copyInput(n);
        double copySeconds = copy(copyInput);
        Files.delete(copyInput);
        truncate();
        Path file = "csv".equals(format) ? csv(n) : xlsx(n);
        long bytes = Files.size(file);
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        BatchIntake.IntakeResult result = intake.intake(new BatchIntake.IntakeRequest(
            IntakeTestSupport.INSTITUTION, file, file.getFileName().toString(), null, null, "benchmark",
            LocalDate.now()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        figures.add(new Figure(format, n, bytes, seconds, copySeconds, oldGenPeak(), heapPeak(), result.accepted()));
        if (result.accepted() != n) {
          throw new IllegalStateException("benchmark rows were refused: " + result.rejected().subList(0, 3));
        }
        Files.delete(file);
        truncate();
        System.out.printf("%s %d rows: intake %.2f s, COPY %.2f s%n", format, n, seconds, copySeconds);
      }
    }
    write(figures);
    summary(figures);
  }

  /** Per format, the median intake time against the median COPY time of the same size; the weaker format counts. */
  private static void summary(List<Figure> figures) {
    int n = figures.stream().mapToInt(Figure::rows).filter(r -> r == 200_000).findFirst()
        .orElse(figures.get(0).rows());
    double worst = Double.MAX_VALUE;
    StringBuilder which = new StringBuilder();
    for (String format : figures.stream().map(Figure::format).distinct().toList()) {
      double ratio = medianRatio(figures, format, n);
      which.append(format).append(String.format(" %.2f ", ratio));
      worst = Math.min(worst, ratio);
    }
    Summary.put(Summary.INTAKE, worst, "≥ 0.5 (median COPY time ÷ median intake time, weaker format; "
        + which.toString().trim() + ")", worst >= 0.5 && n >= 200_000,
        "intake " + OffsetDateTime.now(ZoneOffset.UTC).withNano(0) + ", src/benchmark/intake-results.md", command());
  }

  static double medianRatio(List<Figure> figures, String format, int rows) {
    List<Figure> of = figures.stream().filter(f -> f.format().equals(format) && f.rows() == rows).toList();
    return median(of.stream().mapToDouble(Figure::copySeconds).toArray())
        / median(of.stream().mapToDouble(Figure::intakeSeconds).toArray());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String command() {
    return "mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=IntakeBenchmark -Dintake.benchmark.rows="
        + System.getProperty("intake.benchmark.rows", "200000")
        + (System.getProperty("intake.benchmark.runs") == null ? "" : " -Dintake.benchmark.runs="
            + System.getProperty("intake.benchmark.runs"))
        + (System.getProperty("intake.benchmark.formats") == null ? ""
            : " -Dintake.benchmark.formats=" + System.getProperty("intake.benchmark.formats"))
        + (System.getProperty("intake.benchmark.xlsx-strings") == null ? ""
            : " -Dintake.benchmark.xlsx-strings=" + System.getProperty("intake.benchmark.xlsx-strings"))
        + cn.panyu.card.support.PostgresServer.settingsFlag();
  }

  /** One small intake of each format first: class loading and JIT are not what is measured. */
  private void warmUp(List<String> formats) throws Exception {
    for (String format : formats) {
      Path file = "csv".equals(format) ? csv(20_000) : xlsx(20_000);
      intake.intake(new BatchIntake.IntakeRequest(IntakeTestSupport.INSTITUTION, file, "warm-up",
          null, null, "benchmark", LocalDate.now()));
      Files.delete(file);
      truncate();
    }
    Path copyInput = copyInput(20_000);
    copy(copyInput);
    Files.delete(copyInput);
    truncate();
  }

  // -------------------------------------------------------------------------------- the rows

  /** Row i: a valid, distinct person below the age limit. */
  private static String[] person(int i) {
    LocalDate birth = LocalDate.of(1970, 1, 1).plusDays(i % 12000);
    String first17 = "440113" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", (i / 12000) % 1000);
    String id = first17 + IdNumber.checkCharacter(first17);
    return new String[] {BANKS[i % BANKS.length], "职工" + i, IdNumber.gender(id), id,
        "138" + String.format("%08d", i), "W" + i, "户籍"};
  }

  private Path csv(int n) throws IOException {
    Path file = dir.resolve("batch-" + n + ".csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("银行,姓名,性别,身份证号,联系电话,工作证号,户籍类别\r\n");
      for (int i = 0; i < n; i++) {
        out.write(String.join(",", person(i)));
        out.write("\r\n");
      }
    }
    return file;
  }

  /**
   * Written as Excel writes it, text in the shared strings table; with
   * {@code -Dintake.benchmark.xlsx-strings=inline} as inline strings (as SXSSF and many exporters
   * write), which a writer of a million rows needs and which shows the reader's own heap.
   */
  private Path xlsx(int n) throws IOException {
    Path file = dir.resolve("batch-" + n + ".xlsx");
    boolean sharedStrings = !"inline".equals(System.getProperty("intake.benchmark.xlsx-strings"));
    SXSSFWorkbook wb = new SXSSFWorkbook(new XSSFWorkbook(), 500, true, sharedStrings);
    try (OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = wb.createSheet("名单");
      String[] header = {"银行", "姓名", "性别", "身份证号", "联系电话", "工作证号", "户籍类别"};
      write(sheet.createRow(0), header);
      for (int i = 0; i < n; i++) {
        write(sheet.createRow(i + 1), person(i));
      }
      wb.write(out);
    } finally {
      wb.dispose();
      wb.close();
    }
    return file;
  }

  private static void write(Row row, String[] values) {
    for (int c = 0; c < values.length; c++) {
      row.createCell(c).setCellValue(values[c]);
    }
  }

  // -------------------------------------------------------------------------------- COPY

  /** The same rows as intake stores them (bank by its full name), as COPY's CSV input. */
  private Path copyInput(int n) throws IOException {
    Path file = dir.resolve("copy-" + n + ".csv");
    String at = java.time.LocalDateTime.now().toString();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        String[] p = person(i);
        out.write(String.join(",", "COPY-" + String.format("%07d", i + 1), "COLLECTIVE", "REGISTERED",
            IntakeTestSupport.INSTITUTION, "COPY", String.valueOf(i + 2), p[1], p[2], p[3], p[4], fullBank(p[0]),
            p[5], p[6], "benchmark", at, at));
        out.write('\n');
      }
    }
    return file;
  }

  private static String fullBank(String bank) {
    return switch (bank) {
      case "工商银行" -> "中国工商银行";
      case "建设银行" -> "中国建设银行";
      case "邮储银行" -> "中国邮政储蓄银行";
      case "广州农商银行" -> "广州农村商业银行";
      default -> bank;
    };
  }

  private double copy(Path input) throws Exception {
    try (Connection c = dataSource.getConnection(); Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      long t0 = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy application (application_number, mode, status,"
          + " unit_code, batch_number, row_number, name, gender, id_number, phone, bank, work_id, residency,"
          + " created_by, created_at, updated_at) from stdin with (format csv)", in);
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  private void truncate() {
    jdbc.execute("truncate application, applicant_claim, application_event, batch_row_error, replacement");
    jdbc.execute("vacuum analyze application");
  }

  // -------------------------------------------------------------------------------- heap

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long oldGenPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old"))
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static long heapPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  // -------------------------------------------------------------------------------- results

  private void write(List<Figure> figures) throws IOException {
    Path results = Path.of("src/benchmark/intake-results.md");
    Files.createDirectories(results.getParent());
    StringBuilder md = new StringBuilder();
    if (!Files.exists(results)) {
      md.append("# Intake benchmark\n\nIntake (parse, validate, store: application + applicant_claim +"
          + " application_event rows, batch, error report, process start) of a generated batch file of valid"
          + " rows, against PostgreSQL's COPY of the same rows into the same application table, on the same"
          + " embedded PostgreSQL 16 (fsync off) in the same run. Heap: peak usage of the JVM's heap pools"
          + " during intake, reset after a System.gc() before each run (old generation = what survives;"
          + " total includes young-generation garbage, so it follows the young generation's size).\n");
    }
    String pg = jdbc.queryForObject("show server_version", String.class);
    md.append("\n## ").append(OffsetDateTime.now(ZoneOffset.UTC).withNano(0)).append("\n\n");
    md.append("- machine: ").append(Machine.describe(pg)).append(", load average at the end ")
        .append(Machine.loadAverage()).append(" (the cores are shared with other work)\n");
    md.append("- command: `").append(command()).append("`; limits as shipped (max file ")
        .append(System.getProperty("intake.max-file-bytes", "52428800")).append(" bytes, chunks of ")
        .append(System.getProperty("intake.chunk-size", "2000")).append(" rows)\n");
    md.append("- COPY and intake alternate per run (COPY of the same rows right before each intake); the figure is the"
        + " median COPY time ÷ the median intake time of the runs of one format and size:");
    for (String format : figures.stream().map(Figure::format).distinct().toList()) {
      for (int rows : figures.stream().mapToInt(Figure::rows).distinct().toArray()) {
        md.append(String.format(" %s %,d rows **%.2f**;", format, rows, medianRatio(figures, format, rows)));
      }
    }
    md.append("\n\n");
    md.append("| format | rows | file MB | intake s | intake rows/s | COPY s | COPY rows/s | intake/COPY |"
        + " old gen peak MB | heap peak MB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Figure f : figures) {
      double intakeRate = f.rows() / f.intakeSeconds();
      double copyRate = f.rows() / f.copySeconds();
      md.append(String.format("| %s | %,d | %.1f | %.2f | %,.0f | %.2f | %,.0f | %.0f%% | %d | %d |%n",
          f.format(), f.rows(), f.bytes() / 1048576.0, f.intakeSeconds(), intakeRate, f.copySeconds(), copyRate,
          100 * intakeRate / copyRate, f.oldGenPeak() >> 20, f.heapPeak() >> 20));
    }
    Files.writeString(results, md.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
