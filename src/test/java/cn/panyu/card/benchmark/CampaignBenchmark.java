package cn.panyu.card.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.benchmark.campaign.CampaignDatabase;
import cn.panyu.card.benchmark.campaign.CpuClock;
import cn.panyu.card.benchmark.campaign.District;
import cn.panyu.card.benchmark.campaign.District.Person;
import cn.panyu.card.benchmark.campaign.MinimalProcess;
import cn.panyu.card.benchmark.campaign.PgBench;
import cn.panyu.card.benchmark.campaign.Replicator;
import cn.panyu.card.benchmark.campaign.Robots;
import cn.panyu.card.benchmark.campaign.Robots.Duty;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.UnitProvisioning;
import cn.panyu.card.support.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The whole district on one machine (issue 9): a synthetic district (16 towns, 304 villages, 300
 * institutions, a clerk each) drives applications through the real processes on PostgreSQL, the job
 * executor on, the City Card Centre simulator making cards over HTTP, robot staff completing the tasks.
 * Every speed is divided by the engine's own limit measured in the same run: a minimal process (start →
 * async service task → end) on the same engine and database.
 *
 * <p>The table sizes of a large campaign are reached by copying the rows real runs wrote ({@link Replicator}),
 * then the same slice is measured again. Not a test; run it with
 *
 * <pre>mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=CampaignBenchmark</pre>
 *
 * Sizes: {@code -Dcampaign.levels=10000,100000,616000 -Dcampaign.slice=2000 -Dcampaign.minimal=10000}. Appends
 * its figures to src/benchmark/campaign-results.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ContextConfiguration(initializers = CampaignDatabase.class)
@DirtiesContext
@Tag("benchmark")
@TestPropertySource(properties = {
    "camunda.bpm.job-execution.enabled=true",
    // the coverage recorder listens to every activity: it would be measured too
    "process-coverage.enabled=false",
    // the centre's results are looked for every 10 s (an hour in production): the loop closes within a slice
    "card-centre.poll-interval=PT10S",
    "logging.level.cn.panyu.card=warn",
    "logging.level.org.camunda.bpm.engine.context=error"})
class CampaignBenchmark {

  private static final List<Long> LEVELS = List.of(System.getProperty("campaign.levels", "10000,100000,616000")
      .split(",")).stream().map(String::trim).map(Long::parseLong).toList();
  private static final int SLICE = Integer.getInteger("campaign.slice", 2000);
  private static final int MINIMAL = Integer.getInteger("campaign.minimal", 10_000);
  private static final int WARM_UP = Integer.getInteger("campaign.warm-up", 300);
  private static final double COLLECTIVE_SHARE = Double.parseDouble(System.getProperty("campaign.collective-share",
      "0.6"));
  private static final int BATCH_ROWS = 300;
  private static final int CLIENTS = 2;
  private static final Duration STALL = Duration.ofMinutes(10);
  private static final Path RESULTS = Path.of("src/benchmark/campaign-results.md");
  private static final Path PARTIAL = Path.of("target/campaign-results-partial.md");
  private static final String OPEN_STATUSES = EnumSet.complementOf(EnumSet.of(ApplicationStatus.ISSUED,
          ApplicationStatus.ACTIVATED, ApplicationStatus.RECOVERED, ApplicationStatus.WITHDRAWN)).stream()
      .map(st -> "'" + st + "'").collect(Collectors.joining(", "));

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired ProcessEngine engine;
  @Autowired OrgUnitRepository units;
  @Autowired UnitProvisioning provisioning;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired TestRestTemplate rest;
  @Autowired Environment environment;

  private District district;
  private CpuClock cpuClock;
  private StatementStats statements;
  private final Map<String, byte[]> corrections = new ConcurrentHashMap<>();
  private final Map<String, byte[]> photos = new ConcurrentHashMap<>();
  private final AtomicInteger nextVillage = new AtomicInteger();
  private final AtomicInteger nextInstitution = new AtomicInteger();
  private final AtomicInteger intakeRefusals = new AtomicInteger();
  private final byte[] jpeg = cn.panyu.card.citycentre.TestApplicants.jpeg(358, 441);

  /** CPU seconds of the JVM and of PostgreSQL over a measured span. */
  record Cpu(double jvm, double postgres) {
    Cpu minus(Cpu o) {
      return new Cpu(jvm - o.jvm, postgres - o.postgres);
    }

    double total() {
      return jvm + postgres;
    }
  }

  record Slice(String mode, int applications, double seconds, double loadSeconds, long commits, Cpu cpu,
      Map<String, Long> outcomes, List<StatementStats.Statement> statements, double historyShare) {
    double rate() {
      return applications / seconds;
    }

    double commitsPerSecond() {
      return commits / seconds;
    }
  }

  /** CPU milliseconds per application (JVM + PostgreSQL). */
  static double cpuMillis(Slice s) {
    return s.cpu().total() * 1000 / s.applications();
  }

  record Level(long tablesAtStart, double growSeconds, double minimalRate, double minimalCpuMillis, Slice individual,
      Slice collective) {}

  @Test
  void theWholeDistrictAgainstTheEnginesOwnLimit() throws Exception {
    String loadAtStart = Machine.loadAverage();
    long t0 = System.nanoTime();
    district = District.provision(units, provisioning, identity);
    cpuClock = new CpuClock(jdbc.queryForObject("select pg_backend_pid()", Long.class));
    statements = new StatementStats(jdbc);
    MinimalProcess minimal = new MinimalProcess(repository, management, runtime, history);
    Replicator replicator = new Replicator(jdbc, dataSource);
    List<Level> levels = new ArrayList<>();
    PgBench.Result pgbench = null;
    double pgbenchAppCommits = 0;
    try (Robots robots = robots()) {
      individual(WARM_UP); // JIT, caches and the first town submissions: not measured
      collective(WARM_UP);
      minimal.rate(Math.min(MINIMAL, 2000), CLIENTS, Duration.ofMinutes(10));
      int copies = 0;
      for (long level : LEVELS) {
        long g0 = System.nanoTime();
        copies += replicator.growTo(level, copies + 1);
        double grow = (System.nanoTime() - g0) / 1e9;
        long atStart = replicator.applications();
        Cpu before = cpu();
        double minimalRate = minimal.rate(MINIMAL, CLIENTS, Duration.ofMinutes(30));
        double minimalCpu = cpu().minus(before).total() * 1000 / MINIMAL;
        Slice ind = individual(SLICE);
        Slice col = collective(SLICE);
        levels.add(new Level(atStart, grow, minimalRate, minimalCpu, ind, col));
        if (pgbench == null) {
          // straight after the slices, on the same server and database
          pgbench = pgBench();
          pgbenchAppCommits = (ind.commits() + col.commits()) / (ind.seconds() + col.seconds());
        }
        assertThat(runtime.createIncidentQuery().count()).as("incidents").isZero();
        assertThat(robots.failures).as("tasks the robots could not complete").isEmpty();
        // a run of an hour must not lose its figures to a crash near the end: each level is kept as it comes
        Files.writeString(PARTIAL, section(levels, pgbench, pgbenchAppCommits, robots, loadAtStart,
            (System.nanoTime() - t0) / 1e9, replicator), StandardCharsets.UTF_8);
      }
      Files.writeString(RESULTS, section(levels, pgbench, pgbenchAppCommits, robots, loadAtStart,
          (System.nanoTime() - t0) / 1e9, replicator), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Files.deleteIfExists(PARTIAL);
    }
  }

  // ------------------------------------------------------------------------------------------ the two modes

  /** Registrations over HTTP by the villages' clerks; some refused at intake and corrected, some ineligible. */
  private Slice individual(int count) throws Exception {
    return measure("INDIVIDUAL", count, () -> {
      ExecutorService clerks = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        done.add(clerks.submit(() -> register(district.person(n % 50 == 7), n % 33 == 5)));
      }
      for (Future<?> f : done) {
        f.get();
      }
      clerks.shutdown();
    }, () -> true);
  }

  private void register(Person p, boolean typo) {
    String village = district.villages.get(nextVillage.getAndIncrement() % district.villages.size());
    Map<String, Object> body = new HashMap<>(Map.of("name", p.name(), "gender", p.gender(), "idNumber",
        p.idNumber(), "phone", typo ? "1380013" : p.phone(), "bank", p.bank(), "residency", "户籍",
        "villageCode", village, "photoSource", "POLICE"));
    var clerk = rest.withBasicAuth(District.clerkOf(village), District.PASSWORD);
    ResponseEntity<String> r = clerk.postForEntity("/api/individual-applications", body, String.class);
    if (typo) {
      // the clerk reads the refusal, fixes the phone number and sends it again
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      intakeRefusals.incrementAndGet();
      body.put("phone", p.phone());
      r = clerk.postForEntity("/api/individual-applications", body, String.class);
    }
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  /** Batch files of 300 rows uploaded by the institutions' clerks: 1 % refused rows, 2 % outside Guangzhou. */
  private Slice collective(int count) throws Exception {
    int batches = Math.max(1, count / BATCH_ROWS);
    return measure("COLLECTIVE", batches * BATCH_ROWS, () -> {
      ExecutorService clerks = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> done = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        done.add(clerks.submit(() -> upload()));
      }
      for (Future<?> f : done) {
        f.get();
      }
      clerks.shutdown();
    }, () -> runtime.createProcessInstanceQuery().processDefinitionKey("collective-issuance").count() == 0);
  }

  private void upload() {
    String inst = district.institutions.get(nextInstitution.getAndIncrement() % district.institutions.size());
    List<Person> people = new ArrayList<>();
    List<Person> outsiders = new ArrayList<>();
    StringBuilder file = new StringBuilder(header());
    StringBuilder corrected = new StringBuilder(header());
    for (int i = 0; i < BATCH_ROWS; i++) {
      boolean outsider = i % 50 == 17;
      Person p = district.person(outsider);
      people.add(p);
      if (outsider) {
        outsiders.add(p);
      }
      boolean refused = i % 100 == 42;
      file.append(row(p, refused ? "12345" : p.phone()));
      if (refused) {
        corrected.append(row(p, p.phone()));
      }
    }
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new ByteArrayResource(file.toString().getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "名单.csv";
      }
    });
    body.add("institutionCode", inst);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<Map> r = rest.withBasicAuth(District.clerkOf(inst), District.PASSWORD)
        .postForEntity("/api/collective-batches", new HttpEntity<>(body, headers), Map.class);
    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.CREATED);
    String batch = (String) r.getBody().get("batchNumber");
    intakeRefusals.addAndGet(((List<?>) r.getBody().get("rejected")).size());
    corrections.put(batch, corrected.toString().getBytes(StandardCharsets.UTF_8));
    photos.put(batch, zip(outsiders));
  }

  private static String header() {
    return "银行,姓名,性别,身份证号,联系电话,工作证号,户籍类别\n";
  }

  private static String row(Person p, String phone) {
    return String.join(",", p.bank(), p.name(), p.gender(), p.idNumber(), phone, p.workId(), "户籍") + "\n";
  }

  private byte[] zip(List<Person> people) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Person p : people) {
        zip.putNextEntry(new ZipEntry(p.idNumber() + ".jpg"));
        zip.write(jpeg);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  // ------------------------------------------------------------------------------------------ robot staff

  private Robots robots() {
    List<Duty> duties = List.of(
        new Duty("town-submission", "Task_TownCheck", null),
        new Duty("town-submission", "Task_AffairsCheck", null),
        new Duty("individual-issuance", "Task_CardOfficeFeedback", null),
        new Duty("individual-issuance", "Task_TownFeedback", null),
        new Duty("individual-issuance", "Task_InformApplicant", this::followUp),
        new Duty("individual-issuance", "Task_CollectCard", null),
        new Duty("card-handover", "Task_ConfirmReceipt", null),
        new Duty("collective-issuance", "Task_CorrectRejectedRows", t -> Map.of("correctedFile",
            Variables.fileValue("更正.csv").file(corrections.get(batchOf(t))).mimeType("text/csv").create())),
        new Duty("collective-issuance", "Task_DepartmentReview", null),
        new Duty("collective-issuance", "Task_CardOfficeReview", null),
        new Duty("collective-issuance", "Task_CardOfficeFeedback", null),
        new Duty("collective-issuance", "Task_DepartmentFeedback", null),
        new Duty("collective-issuance", "Task_InstitutionFollowUp", t -> Map.of("correctionPhotos",
            Variables.fileValue("补充照片.zip").file(photos.get(batchOf(t))).mimeType("application/zip").create())),
        new Duty("collective-issuance", "Task_IssueCards", this::issue));
    return new Robots(tasks, 3, duties, List.of(new TownClock()));
  }

  /** No police photo: the applicant has one taken at a studio; anything else: the application is withdrawn. */
  private Map<String, Object> followUp(Task t) {
    Object reason = runtime.getVariable(t.getExecutionId(), "ineligibleReason");
    return "NO_POLICE_PHOTO".equals(reason)
        ? Map.of("followUpAction", "CORRECT", "photoSource", "STUDIO", "studioReceipt", "ZX-" + t.getId().substring(0, 8))
        : Map.of("followUpAction", "WITHDRAW");
  }

  /** The institution hands out its cards; one in a hundred holders never comes (their cards are recovered). */
  private Map<String, Object> issue(Task t) {
    List<String> atUnit = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and status = 'AT_ISSUING_UNIT' order by application_number", String.class, batchOf(t));
    List<String> absent = atUnit.subList(0, atUnit.size() / 100);
    return Map.of("notCollected", String.join("\n", absent), "signOffScan", Variables.fileValue("签收表.pdf")
        .file("%PDF-1.4 signed".getBytes(StandardCharsets.US_ASCII)).mimeType("application/pdf").create());
  }

  private String batchOf(Task t) {
    return (String) runtime.getVariable(t.getExecutionId(), "batchNumber");
  }

  /**
   * The town submissions' schedule (weekdays at 17:00 in production) run faster: every 20 s each town with
   * registered applications and no submission being checked starts one.
   */
  private final class TownClock implements Runnable {
    private long last;

    @Override
    public void run() {
      if (System.currentTimeMillis() - last < 20_000) {
        return;
      }
      last = System.currentTimeMillis();
      List<String> towns = jdbc.queryForList("select distinct o.parent_code from application a join org_unit o"
          + " on o.code = a.unit_code where a.status = 'REGISTERED' and a.mode = 'INDIVIDUAL'"
          + " and a.submission_id is null", String.class);
      // the towns with a submission being checked, from their few open tasks: a process instance query by
      // variable and activity joins the runtime tables, 150 ms at 616,000 applications (the harness's, not the
      // application's: the production schedule runs daily)
      Set<Object> checking = new HashSet<>();
      for (Task t : tasks.createTaskQuery().processDefinitionKey("town-submission")
          .taskDefinitionKeyIn("Task_TownCheck", "Task_AffairsCheck").list()) {
        checking.add(runtime.getVariable(t.getExecutionId(), "townCode"));
      }
      for (String town : towns) {
        if (!checking.contains(town)) {
          runtime.startProcessInstanceByKey("town-submission",
              Variables.putValue("townCode", town).putValue("startedBy", "town-clock"));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ measuring

  interface Load {
    void run() throws Exception;
  }

  /**
   * From the first registration until every application of the slice has come to rest (issued, recovered or
   * withdrawn) and {@code settled} holds; the commits are the database's over the same time.
   */
  private Slice measure(String mode, int count, Load load, java.util.function.BooleanSupplier settled)
      throws Exception {
    Timestamp from = Timestamp.valueOf(LocalDateTime.now().minusSeconds(1));
    long commits0 = commits();
    Cpu cpu0 = cpu();
    statements.reset();
    long t0 = System.nanoTime();
    load.run();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    long lastProgress = System.nanoTime();
    long lastOpen = Long.MAX_VALUE;
    while (true) {
      // by the open statuses, which an index on status finds among the hundreds of thousands at rest
      long open = jdbc.queryForObject("select count(*) from application where status in (" + OPEN_STATUSES
          + ") and mode = ? and created_at >= ?", Long.class, mode, from);
      if (open == 0 && settled.getAsBoolean()) {
        break;
      }
      if (open < lastOpen) {
        lastOpen = open;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
        throw new AssertionError(mode + ": " + open + " applications stuck\n" + diagnosis());
      }
      Robots.pause(2000);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long commits = commits() - commits0;
    Cpu cpu = cpu().minus(cpu0);
    Map<String, Long> outcomes = new HashMap<>();
    jdbc.query("select status, count(*) from application where mode = ? and created_at >= ? group by status",
        rs -> {
          outcomes.put(rs.getString(1), rs.getLong(2));
        }, mode, from);
    int applications = (int) outcomes.values().stream().mapToLong(Long::longValue).sum();
    assertThat(applications).as(mode + " applications in the slice").isEqualTo(count);
    return new Slice(mode, applications, seconds, loadSeconds, commits, cpu, outcomes,
        statements.top(8, applications), statements.historyShare());
  }

  private Cpu cpu() {
    return new Cpu(cpuClock.jvmSeconds(), cpuClock.postgresSeconds());
  }

  private long commits() {
    return jdbc.queryForObject("select xact_commit from pg_stat_database where datname = current_database()",
        Long.class);
  }

  private String diagnosis() {
    StringBuilder s = new StringBuilder();
    jdbc.query("select mode, status, count(*) from application group by mode, status", rs -> {
      s.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getLong(3)).append('\n');
    });
    tasks.createTaskQuery().list().stream().collect(Collectors.groupingBy(
        Task::getTaskDefinitionKey, Collectors.counting())).forEach((k, v) -> s.append("task ")
        .append(k).append(' ').append(v).append('\n'));
    management.createJobQuery().withException().listPage(0, 5).forEach(j -> s.append("job ")
        .append(j.getId()).append(": ").append(j.getExceptionMessage()).append('\n'));
    runtime.createProcessInstanceQuery().active().list().stream().collect(Collectors.groupingBy(
        p -> p.getProcessDefinitionId().split(":")[0], Collectors.counting()))
        .forEach((k, v) -> s.append("instances ").append(k).append(' ').append(v).append('\n'));
    return s.toString();
  }

  private PgBench.Result pgBench() throws Exception {
    Matcher m = Pattern.compile("//([^:/]+):(\\d+)/([^?]+)").matcher(environment.getProperty("spring.datasource.url"));
    assertThat(m.find()).isTrue();
    return PgBench.singleRowInserts(jdbc, m.group(1), Integer.parseInt(m.group(2)), m.group(3), 4, 30);
  }

  // ------------------------------------------------------------------------------------------ results

  private String section(List<Level> levels, PgBench.Result pgbench, double appCommits, Robots robots,
      String loadAtStart, double totalSeconds, Replicator replicator) {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    var jobs = config.getJobExecutor();
    StringBuilder s = new StringBuilder();
    s.append("\n## Run of ").append(LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" (Asia/Shanghai)\n\n");
    s.append("- Command: `mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=CampaignBenchmark")
        .append(" -Dcampaign.levels=").append(String.join(",", LEVELS.stream().map(String::valueOf).toList()))
        .append(" -Dcampaign.slice=").append(SLICE).append(" -Dcampaign.minimal=").append(MINIMAL)
        .append(PostgresServer.settingsFlag()).append("`\n");
    s.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
        .append(loadAtStart).append(" at start, ").append(Machine.loadAverage()).append(" at end; Java ")
        .append(System.getProperty("java.version")).append("; ").append(jdbc.queryForObject("select version()",
            String.class).split(",")[0]).append(" (embedded), fsync ").append(show("fsync")).append(", shared_buffers ")
        .append(show("shared_buffers")).append(", synchronous_commit ").append(show("synchronous_commit")).append('\n');
    s.append("- Engine: history level **").append(config.getHistoryLevel().getName()).append("**, job executor ")
        .append(environment.getProperty("camunda.bpm.job-execution.core-pool-size", "3")).append("–")
        .append(environment.getProperty("camunda.bpm.job-execution.max-pool-size", "10")).append(" threads, ")
        .append(jobs.getMaxJobsPerAcquisition()).append(" jobs per acquisition, wait ").append(jobs.getWaitTimeInMillis())
        .append(" ms, timers preferred: ").append(config.isJobExecutorPreferTimerJobs()).append(", acquire by due date: ")
        .append(config.isJobExecutorAcquireByDueDate()).append("; connection pool ")
        .append(environment.getProperty("spring.datasource.hikari.maximum-pool-size")).append("; ").append(CLIENTS)
        .append(" client threads, 3 robot threads\n");
    s.append("- District: ").append(district.towns.size()).append(" towns, ").append(district.villages.size())
        .append(" villages, ").append(district.institutions.size()).append(" institutions; individual: 3 % refused")
        .append(" at intake (corrected and sent again), 2 % outside Guangzhou (ineligible, corrected with a studio")
        .append(" photo); collective: batches of 300 rows, 1 % refused rows corrected, 2 % outside Guangzhou")
        .append(" (photos sent), 1 % of cards not collected (recovered). Intake refusals in the run: ")
        .append(intakeRefusals.get()).append("; robots completed ").append(robots.completed.get())
        .append(" tasks, ").append(robots.conflicts.get()).append(" optimistic-locking retries\n");
    s.append("- Whole run: ").append(String.format("%.0f", totalSeconds)).append(" s\n\n");

    s.append("Rates are wall clock from the first registration or upload until every application of the slice has")
        .append(" come to rest; \"CPU ratio\" divides the CPU (JVM + PostgreSQL) one minimal instance costs by what")
        .append(" one application costs, which the neighbours on a shared machine do not disturb.\n\n");
    s.append("| applications in the tables | copied in (s) | minimal process (instances/s; CPU ms each) |")
        .append(" individual (apps/s; registering s) | ratio | CPU ratio | collective (apps/s; uploading s) | ratio |")
        .append(" CPU ratio | commits/s individual, collective |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Level l : levels) {
      s.append(String.format("| %,d | %.0f | %.1f; %.1f | %.1f; %.0f | **%.2f** | %.2f | %.1f; %.0f | **%.2f** | %.2f"
              + " | %.0f, %.0f |%n",
          l.tablesAtStart(), l.growSeconds(), l.minimalRate(), l.minimalCpuMillis(), l.individual().rate(),
          l.individual().loadSeconds(), l.individual().rate() / l.minimalRate(),
          l.minimalCpuMillis() / cpuMillis(l.individual()), l.collective().rate(), l.collective().loadSeconds(),
          l.collective().rate() / l.minimalRate(), l.minimalCpuMillis() / cpuMillis(l.collective()),
          l.individual().commitsPerSecond(), l.collective().commitsPerSecond()));
    }
    s.append("\nCPU ms per application (JVM + PostgreSQL): ");
    for (Level l : levels) {
      s.append(String.format("%,d: individual %.0f + %.0f, collective %.0f + %.0f; ", l.tablesAtStart(),
          l.individual().cpu().jvm() * 1000 / l.individual().applications(),
          l.individual().cpu().postgres() * 1000 / l.individual().applications(),
          l.collective().cpu().jvm() * 1000 / l.collective().applications(),
          l.collective().cpu().postgres() * 1000 / l.collective().applications()));
    }
    s.append("\nOutcomes per slice: ");
    for (Level l : levels) {
      s.append(l.tablesAtStart()).append(": ").append(new java.util.TreeMap<>(l.individual().outcomes())).append(' ')
          .append(new java.util.TreeMap<>(l.collective().outcomes())).append("; ");
    }
    s.append("\n\n");
    for (Level l : levels) {
      for (Slice slice : List.of(l.individual(), l.collective())) {
        if (!slice.statements().isEmpty()) {
          s.append(String.format("- Most database time, %s at %,d (pg_stat_statements; statements on the history"
              + " tables: %.0f %% of all):%n", slice.mode(), l.tablesAtStart(), slice.historyShare() * 100))
              .append(StatementStats.format(slice.statements(), "application"));
        }
      }
    }
    Level first = levels.get(0);
    Level last = levels.get(levels.size() - 1);
    s.append(String.format("- Flatness (rate at %,d / rate at %,d): individual **%.2f**, collective **%.2f**;"
            + " minimal process %.2f%n", last.tablesAtStart(), first.tablesAtStart(),
        last.individual().rate() / first.individual().rate(), last.collective().rate() / first.collective().rate(),
        last.minimalRate() / first.minimalRate()));
    double campaign = campaignSeconds(levels, 616_000);
    s.append(String.format("- The whole campaign, 616,000 applications (%.0f %% collective), extrapolated from the"
            + " measured rates at each size (linear between sizes): **%.0f min**%n", COLLECTIVE_SHARE * 100,
        campaign / 60));
    if (pgbench != null) {
      s.append(String.format("- Commits: the application %.0f/s over the first slices; pgbench single-row inserts"
              + " straight after %.0f/s (`%s`): **%.2f**%n", appCommits, pgbench.tps(),
          pgbench.command().replaceAll("-f \\S+", "-f single-row-insert.sql"), appCommits / pgbench.tps()));
    } else {
      s.append("- pgbench not installed: no commit yardstick in this run\n");
    }
    s.append("- Copied rows per table (rows, seconds): ");
    replicator.timings.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(12)
        .forEach(e -> s.append(String.format("%s %,.0f / %.0f s; ", e.getKey(), e.getValue()[0], e.getValue()[1])));
    s.append(String.format("database size %s%n", jdbc.queryForObject(
        "select pg_size_pretty(pg_database_size(current_database()))", String.class)));
    return s.toString();
  }

  /** Seconds for the whole campaign: per mode, time per application integrated over the table size. */
  private static double campaignSeconds(List<Level> levels, long total) {
    double seconds = 0;
    for (boolean collective : new boolean[] {false, true}) {
      double share = collective ? COLLECTIVE_SHARE : 1 - COLLECTIVE_SHARE;
      for (long x = 0; x < total; x += 1000) {
        seconds += share * 1000 * secondsPerApplication(levels, x, collective);
      }
    }
    return seconds;
  }

  private static double secondsPerApplication(List<Level> levels, long size, boolean collective) {
    java.util.function.ToDoubleFunction<Level> t = l -> 1 / (collective ? l.collective() : l.individual()).rate();
    if (size <= levels.get(0).tablesAtStart()) {
      return t.applyAsDouble(levels.get(0));
    }
    for (int i = 1; i < levels.size(); i++) {
      Level a = levels.get(i - 1);
      Level b = levels.get(i);
      if (size <= b.tablesAtStart()) {
        double f = (size - a.tablesAtStart()) / (double) (b.tablesAtStart() - a.tablesAtStart());
        return t.applyAsDouble(a) + f * (t.applyAsDouble(b) - t.applyAsDouble(a));
      }
    }
    return t.applyAsDouble(levels.get(levels.size() - 1));
  }

  private String show(String setting) {
    return jdbc.queryForObject("show " + setting, String.class);
  }

}
