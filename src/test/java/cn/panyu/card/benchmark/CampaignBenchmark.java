package cn.panyu.card.benchmark;

import cn.panyu.card.benchmark.campaign.CpuClock;
import cn.panyu.card.benchmark.campaign.CpuClock.Cpu;
import cn.panyu.card.benchmark.campaign.District;
import cn.panyu.card.benchmark.campaign.Oracle;
import cn.panyu.card.benchmark.campaign.PgBench;
import cn.panyu.card.benchmark.campaign.Processes;
import cn.panyu.card.benchmark.campaign.Replicator;
import cn.panyu.card.benchmark.campaign.Rest;
import cn.panyu.card.benchmark.campaign.Robots;
import cn.panyu.card.benchmark.campaign.Tasklist;
import cn.panyu.card.benchmark.campaign.Workload;
import cn.panyu.card.support.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole district on one machine (issues 9 and 18), measured as its users work. The application runs in a JVM of
 * its own on the embedded PostgreSQL of the tests, job executor on, the City Card Centre simulator in a third JVM;
 * this JVM is the district: clerks registering through the API and through Tasklist's start forms, institutions
 * uploading batch files both ways, robot staff working every task as their unit's user the way Tasklist does (logged in
 * once, through the webapps' REST API: list, form, form variables, claim, submit), towns starting their submissions, holders activating
 * their cards ({@link Workload}, {@link Robots}, {@link Tasklist}).
 *
 * <p>Both modes run continuously in a closed loop (a new application starts when one comes to rest) and are measured
 * in the steady state: after a warm-up, over a window, from the applications that came to rest in it. CPU is counted
 * for the application's JVM and PostgreSQL only ({@link CpuClock}), apart from the robots, clients and simulator.
 * Each level of table size measures, in this order: the minimal process (start → async service task → end, started
 * in the application's JVM: the engine's own limit on this machine and database), then each phase of
 * {@code campaign.phases} (individual alone, collective alone, both at once), each drained before the next.
 * Larger table sizes are reached by copying the real lifecycles' rows ({@link Replicator}), or with
 * {@code -Dcampaign.real=true} by real lifecycles only. Not a test; run it with
 *
 * <pre>mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=CampaignBenchmark</pre>
 *
 * Settings: {@code -Dcampaign.levels=10000,100000,616000 -Dcampaign.phases=individual,collective,mixed
 * -Dcampaign.window=300 -Dcampaign.warm=240 -Dcampaign.individual=2000 -Dcampaign.collective=10
 * -Dcampaign.batch-spacing=20 -Dcampaign.minimal=10000 -Dcampaign.real=false -Dcampaign.app.args="--a=b --c=d"}. Appends its figures to
 * src/benchmark/campaign-results.md and updates src/benchmark/summary.json.
 */
@Tag("benchmark")
class CampaignBenchmark {

  private static final List<Long> LEVELS = Arrays.stream(System.getProperty("campaign.levels", "10000,100000,616000")
      .split(",")).map(String::trim).map(Long::parseLong).toList();
  private static final List<String> PHASES = Arrays.stream(System.getProperty("campaign.phases",
      "individual,collective,mixed").split(",")).map(String::trim).toList();
  /** Phases with levers switched, measured at the first level only, e.g. {@code mixed+history=full}. */
  private static final List<String> LEVER_PHASES = Arrays.stream(System.getProperty("campaign.lever-phases", "")
      .split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  private static final int WINDOW = Integer.getInteger("campaign.window", 300);
  private static final int WARM = Integer.getInteger("campaign.warm", 240);
  private static final int INDIVIDUAL = Integer.getInteger("campaign.individual", 2000);
  private static final int COLLECTIVE = Integer.getInteger("campaign.collective", 10);
  private static final int MINIMAL = Integer.getInteger("campaign.minimal", 10_000);
  private static final int CLIENTS = Integer.getInteger("campaign.clients", 3);
  private static final int ROBOTS = Integer.getInteger("campaign.robots", 4);
  private static final int DRAIN_MINUTES = Integer.getInteger("campaign.drain-minutes", 15);
  private static final boolean REAL = Boolean.getBoolean("campaign.real");
  private static final String APP_ARGS = System.getProperty("campaign.app.args", "");
  private static final String HEAP = System.getProperty("campaign.heap", "2g");
  private static final String LABEL = System.getProperty("campaign.label", "");
  /** The campaign's mix (plan: 60 % of the cards through institutions). */
  private static final double COLLECTIVE_SHARE = 0.6;
  private static final double CAMPAIGN = 616_000;
  /**
   * How far apart the two halves of a window may be and still count as the steady state: a batch's rows come to rest
   * in bursts (a whole box at once), and a window whose second half is idle prices rows on work done before it.
   */
  private static final double STEADY_TOLERANCE = 0.3;
  private static final int CORES = 2;
  private static final Path RESULTS = Path.of("src/benchmark/campaign-results.md");
  private static final Path PARTIAL = Path.of("target/campaign-results-partial.md");
  private static final String DONE_INDIVIDUAL = "mode = 'INDIVIDUAL' and (status in ('ACTIVATED', 'WITHDRAWN',"
      + " 'RECOVERED') or status = 'ISSUED' and abs(hashtext(card_number)) % 100 >= " + Workload.ACTIVATED_PERCENT + ")";
  private static final String DONE_ROWS = "mode = 'COLLECTIVE' and status in ('ISSUED', 'WITHDRAWN', 'RECOVERED')";

  static {
    // the clerks, clients and robots share one keep-alive pool per host (HttpURLConnection)
    System.setProperty("http.maxConnections", "64");
  }

  private Rest rest;
  private Rest bench;
  private Oracle oracle;
  private CpuClock clock;
  private StatementStats statements;
  private Workload workload;
  private Robots robots;
  private Processes processes;
  private JsonNode engineSettings;
  private final List<String> log = new ArrayList<>();

  /** A steady-state window of one phase: what came to rest in it and what it cost. */
  record Window(String phase, double seconds, Cpu cpu, long individual, long rows, long batches, double[] halves,
      Map<String, Double> threads, List<StatementStats.Statement> statements, double historyShare,
      Map<String, long[]> rows0, long commits, String load, long inFlightIndividual, long inFlightBatches,
      Map<String, Double> perLifecycle, Map<String, double[]> requests) {

    double cpuMs(long units) {
      return units == 0 ? Double.NaN : cpu.total() * 1000 / units;
    }

    double applications() {
      return individual + rows;
    }

    /**
     * Came to rest at about the same rate in both halves (within the tolerance of their mean): the window saw the
     * steady state, not a burst.
     */
    boolean steady() {
      double mean = (halves[0] + halves[1]) / 2;
      return mean > 0 && Math.abs(halves[0] - halves[1]) <= STEADY_TOLERANCE * mean;
    }

    String steadiness() {
      return String.format("%s window: halves %.1f and %.1f/s", phase, 2 * halves[0] / seconds,
          2 * halves[1] / seconds) + (steady() ? "" : ", NOT steady (they differ by more than "
          + Math.round(STEADY_TOLERANCE * 100) + " %): not met until a steady window meets it");
    }
  }

  record Level(long tablesAtStart, double growSeconds, double minimalRate, double minimalCpuMs, List<Window> windows) {
    Window window(String phase) {
      return windows.stream().filter(w -> w.phase().equals(phase)).findFirst().orElse(null);
    }

    /** CPU ms of one individual lifecycle, one collective row, one batch (NaN when the phase did not run). */
    double individualCpuMs() {
      Window w = window("individual");
      return w == null ? Double.NaN : w.cpuMs(w.individual());
    }

    double rowCpuMs() {
      Window w = window("collective");
      return w == null ? Double.NaN : w.cpuMs(w.rows());
    }

    double batchCpuMs() {
      Window w = window("collective");
      return w == null ? Double.NaN : w.cpuMs(w.batches());
    }

    /** CPU ms of one application of the campaign's mix: from the single-mode phases, else the mixed one. */
    double campaignCpuMs() {
      if (!Double.isNaN(individualCpuMs()) && !Double.isNaN(rowCpuMs())) {
        return (1 - COLLECTIVE_SHARE) * individualCpuMs() + COLLECTIVE_SHARE * rowCpuMs();
      }
      Window m = window("mixed");
      return m == null ? Double.NaN : m.cpu().total() * 1000 / m.applications();
    }
  }

  @Test
  void theWholeDistrictAsItsUsersWork() throws Exception {
    String loadAtStart = Machine.loadAverages();
    long t0 = System.nanoTime();
    String jdbcUrl = PostgresServer.newDatabaseUrl();
    List<Level> levels = new ArrayList<>();
    PgBench.Result pgbench = null;
    Replicator replicator = new Replicator(jdbcUrl, "benchmark-minimal-async");
    long copiedApplications = 0;
    try (Processes started = new Processes()) {
      processes = started;
      processes.start(jdbcUrl, APP_ARGS.isBlank() ? List.of() : Arrays.asList(APP_ARGS.trim().split("\\s+")), HEAP);
      // the engine's API as Tasklist calls it (one login per user); the application's /api with Basic, as tools do
      rest = Rest.asTasklist("http://localhost:" + processes.applicationPort, "bench");
      bench = new Rest("http://localhost:" + processes.applicationPort, "");
      Rest simulator = new Rest("http://localhost:" + processes.simulatorPort, "");
      oracle = new Oracle(jdbcUrl);
      clock = new CpuClock(processes.applicationPid(), oracle.backendPid);
      clock.exclude(oracle.backendPid);
      statements = new StatementStats(oracle.jdbc());
      District district = new District(bench.post(null, "/bench/district", Map.of()), 0);
      bench.post(null, "/bench/minimal/deploy", Map.of());
      engineSettings = bench.get(null, "/bench/engine");
      Tasklist tasklist = new Tasklist(rest);
      workload = new Workload(rest, tasklist, oracle, district, simulator, CLIENTS);
      robots = new Robots(tasklist, ROBOTS, this::groupsWithWork, workload, List.of());
      try {
        // warm-up (JIT, caches, the first submissions), then real lifecycles up to the first level: not measured
        note("warm-up to " + LEVELS.get(0) + " applications in the tables");
        runUntil(LEVELS.get(0));
        for (long level : LEVELS) {
          long g0 = System.nanoTime();
          if (REAL) {
            runUntil(level);
          } else if (applications() < level) {
            long before = applications();
            replicator.growTo(level);
            copiedApplications += applications() - before;
          }
          double grow = (System.nanoTime() - g0) / 1e9;
          long atStart = applications();
          note(String.format("level %,d (%,d in the tables)", level, atStart));
          Cpu c0 = clock.now();
          JsonNode minimal = bench.post(null, "/bench/minimal/run?count=" + MINIMAL + "&threads=2", Map.of());
          double minimalCpu = clock.now().minus(c0).total() * 1000 / MINIMAL;
          double minimalRate = MINIMAL / minimal.path("seconds").asDouble();
          List<Window> windows = new ArrayList<>();
          for (String phase : PHASES) {
            windows.add(phase(phase));
          }
          if (levels.isEmpty()) {
            for (String phase : LEVER_PHASES) {
              windows.add(phase(phase));
            }
          }
          levels.add(new Level(atStart, grow, minimalRate, minimalCpu, windows));
          if (pgbench == null && PgBench.available()) {
            // straight after the first level's windows, on the same server and database
            Matcher m = Pattern.compile("//([^:/]+):(\\d+)/([^?]+)").matcher(jdbcUrl);
            if (m.find()) {
              pgbench = PgBench.singleRowInserts(m.group(1), Integer.parseInt(m.group(2)), m.group(3), 4, 30);
            }
          }
          // a long run must not lose its figures to a crash near the end: each level is kept as it comes
          Files.writeString(PARTIAL, section(levels, pgbench, loadAtStart, (System.nanoTime() - t0) / 1e9,
              replicator, copiedApplications), StandardCharsets.UTF_8);
        }
      } finally {
        workload.close();
        robots.close();
      }
      String text = section(levels, pgbench, loadAtStart, (System.nanoTime() - t0) / 1e9, replicator,
          copiedApplications);
      Files.writeString(RESULTS, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.deleteIfExists(PARTIAL);
      summary(levels);
      System.out.print(text);
      oracle.close();
    }
  }

  // ------------------------------------------------------------------------------------------ phases

  /** Keeps the district working (both modes) until the tables hold {@code applications} applications. */
  private void runUntil(long target) {
    workload.individualTarget = INDIVIDUAL;
    workload.collectiveTarget = COLLECTIVE;
    long last = -1;
    long lastProgress = System.nanoTime();
    while (applications() < target) {
      long now = applications();
      if (now > last) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > 15L * 60 * 1_000_000_000) {
        throw new AssertionError("no new application for 15 minutes at " + now + "\n" + diagnosis());
      }
      sleep("to " + target, 30);
    }
    drain();
  }

  /**
   * One phase: the closed loop of its modes, warmed up, a steady-state window measured, then drained. A phase may
   * switch levers for its own duration, e.g. {@code mixed+history=full+acquire=10}: {@code history=full} (every
   * variable detail and job log row, the engine's history level full), {@code history=audit} (the application's
   * AuditHistoryHandler), {@code acquire=N} (jobs per acquisition), {@code wait=N} (ms between acquisitions).
   */
  private Window phase(String phase) {
    String[] parts = phase.split("\\+");
    String mode = parts[0];
    boolean individual = !mode.equals("collective");
    boolean collective = !mode.equals("individual");
    note("phase " + phase);
    levers(Arrays.copyOfRange(parts, 1, parts.length));
    try {
      return measure(phase, individual, collective);
    } finally {
      if (parts.length > 1) {
        bench.post(null, "/bench/settings?historyDetails=" + engineSettings.path("variableDetails").asText("ALL")
            + "&jobLog=" + engineSettings.path("jobLog").asText("ALL") + "&maxJobsPerAcquisition="
            + engineSettings.path("maxJobsPerAcquisition").asInt() + "&waitTimeInMillis="
            + engineSettings.path("waitTimeInMillis").asInt(), Map.of());
      }
    }
  }

  private void levers(String[] options) {
    StringBuilder q = new StringBuilder();
    for (String o : options) {
      String[] kv = o.split("=", 2);
      switch (kv[0]) {
        case "history" -> q.append(kv[1].equals("full") ? "&historyDetails=ALL&jobLog=ALL"
            : "&historyDetails=USER&jobLog=FAILURES");
        case "acquire" -> q.append("&maxJobsPerAcquisition=").append(kv[1]);
        case "wait" -> q.append("&waitTimeInMillis=").append(kv[1]);
        default -> throw new IllegalArgumentException("unknown lever " + o);
      }
    }
    if (!q.isEmpty()) {
      note("levers " + bench.post(null, "/bench/settings?" + q.substring(1), Map.of()));
    }
  }

  private Window measure(String phase, boolean individual, boolean collective) {
    workload.individualTarget = individual ? INDIVIDUAL : 0;
    workload.collectiveTarget = collective ? COLLECTIVE : 0;
    // batches start one per spacing: the warm-up waits for the last of them too
    sleep(phase + " warm-up", WARM + (collective ? COLLECTIVE * Workload.BATCH_SPACING : 0));
    String load = Machine.loadAverages();
    Timestamp from = Timestamp.from(Instant.now());
    Cpu c0 = clock.now();
    Map<String, Long> threads0 = threadCpu();
    Map<String, long[]> requests0 = requestCpu();
    Map<String, long[]> rows0 = tableCounters();
    long commits0 = commits();
    statements.reset();
    long inFlightIndividual = workload.individualInFlight();
    long inFlightBatches = workload.batchesInFlight();
    sleep(phase + " window", WINDOW);
    Timestamp to = Timestamp.from(Instant.now());
    Cpu cpu = clock.now().minus(c0);
    Map<String, Long> threads1 = threadCpu();
    Map<String, long[]> requests1 = requestCpu();
    long commits = commits() - commits0;
    Map<String, long[]> rows = delta(rows0, tableCounters());
    load = load + " → " + Machine.loadAverages();
    List<StatementStats.Statement> top = statements.top(10, 1);
    double historyShare = statements.historyShare();
    workload.individualTarget = 0;
    workload.collectiveTarget = 0;
    Robots.pause(15_000); // every commit of the window is in
    Timestamp mid = new Timestamp((from.getTime() + to.getTime()) / 2);
    long ind = count(DONE_INDIVIDUAL, from, to);
    long rowsDone = count(DONE_ROWS, from, to);
    long batches = oracle.longValue("select count(*) from act_hi_procinst where proc_def_key_ = 'collective-issuance'"
        + " and end_time_ >= ? and end_time_ < ?", from, to);
    double[] halves = {count(DONE_INDIVIDUAL, from, mid) + count(DONE_ROWS, from, mid),
        count(DONE_INDIVIDUAL, mid, to) + count(DONE_ROWS, mid, to)};
    Map<String, Double> threadShares = new TreeMap<>();
    threads1.forEach((k, v) -> {
      double d = (v - threads0.getOrDefault(k, 0L)) / 1e9;
      if (d > 0.5) {
        threadShares.put(k, d);
      }
    });
    Map<String, Double> perLifecycle = perLifecycle(rows, ind, rowsDone);
    long units = Math.max(1, ind + rowsDone);
    List<StatementStats.Statement> perUnit = top.stream().map(s -> new StatementStats.Statement(s.query(),
        s.callsPerUnit() / units, s.msPerUnit() / units, s.meanMs())).toList();
    Map<String, double[]> requests = new TreeMap<>();
    requests1.forEach((k, v) -> {
      long[] b = requests0.getOrDefault(k, new long[2]);
      long calls = v[0] - b[0];
      if (calls > 0) {
        requests.put(k, new double[] {calls / (double) units, (v[1] - b[1]) / 1e6 / units, (v[1] - b[1]) / 1e6 / calls});
      }
    });
    drain();
    return new Window(phase, (to.getTime() - from.getTime()) / 1000.0, cpu, ind, rowsDone, batches, halves,
        threadShares, perUnit, historyShare, rows, commits, load, inFlightIndividual, inFlightBatches, perLifecycle,
        requests);
  }

  /** Rows written per application by table group (history, runtime, the application's own), from the counters. */
  private static Map<String, Double> perLifecycle(Map<String, long[]> rows, long individual, long collectiveRows) {
    Map<String, Double> out = new LinkedHashMap<>();
    double units = Math.max(1, individual + collectiveRows);
    long hi = 0;
    long ru = 0;
    long ge = 0;
    long app = 0;
    for (Map.Entry<String, long[]> e : rows.entrySet()) {
      long n = e.getValue()[0] + e.getValue()[1] + e.getValue()[2];
      if (e.getKey().startsWith("act_hi_")) {
        hi += n;
      } else if (e.getKey().startsWith("act_ru_")) {
        ru += n;
      } else if (e.getKey().startsWith("act_ge_")) {
        ge += n;
      } else if (!e.getKey().startsWith("act_")) {
        app += n;
      }
    }
    out.put("history (ACT_HI_*)", hi / units);
    out.put("runtime (ACT_RU_*)", ru / units);
    out.put("byte arrays (ACT_GE_BYTEARRAY)", ge / units);
    out.put("application tables", app / units);
    for (String t : List.of("act_hi_detail", "act_hi_varinst", "act_hi_actinst", "act_hi_job_log", "act_hi_op_log",
        "act_hi_identitylink", "act_hi_taskinst", "act_ru_variable", "act_ru_job", "act_ru_authorization")) {
      long[] r = rows.get(t);
      if (r != null) {
        out.put(t, (r[0] + r[1] + r[2]) / units);
      }
    }
    return out;
  }

  /** Stops the arrivals and waits until everything under way has come to rest. */
  private void drain() {
    workload.individualTarget = 0;
    workload.collectiveTarget = 0;
    long deadline = System.nanoTime() + DRAIN_MINUTES * 60L * 1_000_000_000;
    while (workload.individualInFlight() > 0 || workload.batchesInFlight() > 0) {
      if (System.nanoTime() > deadline) {
        note(String.format("drain incomplete after %d min: %,d individual and %,d batches still under way%n%s",
            DRAIN_MINUTES, workload.individualInFlight(), workload.batchesInFlight(), diagnosis()));
        return;
      }
      sleep("drain", 15);
    }
  }

  private long count(String where, Timestamp from, Timestamp to) {
    return oracle.longValue("select count(*) from application where " + where + " and updated_at >= ?"
        + " and updated_at < ?", from, to);
  }

  private long applications() {
    // the planner's estimate would do for a level, but the level is a figure: counted
    return oracle.longValue("select count(*) from application");
  }

  /** The candidate groups with an open task: which clerks have work. */
  private List<String> groupsWithWork() {
    return oracle.strings("select distinct l.group_id_ from act_ru_identitylink l where l.type_ = 'candidate'"
        + " and l.task_id_ is not null and l.group_id_ is not null");
  }

  private Map<String, Long> threadCpu() {
    Map<String, Long> m = new TreeMap<>();
    JsonNode t = bench.get(null, "/bench/threads");
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().asLong());
    }
    return m;
  }

  private Map<String, long[]> requestCpu() {
    Map<String, long[]> m = new TreeMap<>();
    JsonNode t = bench.get(null, "/bench/requests");
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), new long[] {e.getValue().get(0).asLong(), e.getValue().get(1).asLong()});
    }
    return m;
  }

  /** Rows inserted, updated and deleted per table so far (PostgreSQL's cumulative statistics). */
  private Map<String, long[]> tableCounters() {
    Map<String, long[]> counters = new TreeMap<>();
    oracle.execute("select pg_stat_clear_snapshot()");
    for (Map<String, Object> r : oracle.rows("select relname, n_tup_ins, n_tup_upd, n_tup_del from"
        + " pg_stat_user_tables")) {
      counters.put((String) r.get("relname"), new long[] {((Number) r.get("n_tup_ins")).longValue(),
          ((Number) r.get("n_tup_upd")).longValue(), ((Number) r.get("n_tup_del")).longValue()});
    }
    return counters;
  }

  private static Map<String, long[]> delta(Map<String, long[]> before, Map<String, long[]> after) {
    Map<String, long[]> d = new TreeMap<>();
    after.forEach((t, a) -> {
      long[] b = before.getOrDefault(t, new long[3]);
      long[] x = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
      if (x[0] + x[1] + x[2] > 0) {
        d.put(t, x);
      }
    });
    return d;
  }

  private long commits() {
    oracle.execute("select pg_stat_clear_snapshot()");
    return oracle.longValue("select xact_commit from pg_stat_database where datname = current_database()");
  }

  private String diagnosis() {
    StringBuilder s = new StringBuilder();
    for (Map<String, Object> r : oracle.rows("select mode, status, count(*) as n from application group by mode,"
        + " status order by 1, 2")) {
      s.append(r.get("mode")).append(' ').append(r.get("status")).append(' ').append(r.get("n")).append('\n');
    }
    for (Map<String, Object> r : oracle.rows("select task_def_key_, count(*) as n from act_ru_task group by 1")) {
      s.append("task ").append(r.get("task_def_key_")).append(' ').append(r.get("n")).append('\n');
    }
    for (Map<String, Object> r : oracle.rows("select exception_msg_ from act_ru_job where exception_msg_ is not null"
        + " limit 5")) {
      s.append("job: ").append(r.get("exception_msg_")).append('\n');
    }
    s.append("robot failures: ").append(robots.failures).append('\n');
    s.append("workload failures: ").append(workload.failures).append('\n');
    return s.toString();
  }

  /** A line on the console every 30 s of a phase, for whoever watches a long run. */
  private void progress(String phase) {
    print(String.format("[campaign] %s: under way %,d individual, %,d batches; at rest %,d individual, %,d rows, %,d"
            + " batches; robots %,d tasks, %,d failed; app CPU %.0f s, PostgreSQL %.0f s; load %s%n", phase,
        workload.individualInFlight(), workload.batchesInFlight(), workload.individualDone.get(),
        workload.rowsDone.get(), workload.batchesDone.get(), robots.completed.get(), robots.failureCount(),
        clock.now().application(), clock.now().postgres(), Machine.loadAverages()));
  }

  /** To the console and to target/campaign/progress.log (surefire passes the console on in bursts). */
  private static void print(String line) {
    System.out.print(line);
    try {
      Files.writeString(Path.of("target/campaign/progress.log"), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      // the console has it
    }
  }

  private void sleep(String phase, long seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      Robots.pause(Math.min(30_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
      progress(phase);
    }
  }

  private void note(String what) {
    String line = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("HH:mm:ss"))
        + " " + what;
    log.add(line);
    print("[campaign] " + line + "\n");
  }

  // ------------------------------------------------------------------------------------------ results

  private String command() {
    StringBuilder c = new StringBuilder("mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups="
        + " -Dtest=CampaignBenchmark");
    c.append(" -Dcampaign.levels=").append(LEVELS.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .append(" -Dcampaign.phases=").append(String.join(",", PHASES))
        .append(LEVER_PHASES.isEmpty() ? "" : " -Dcampaign.lever-phases=" + String.join(",", LEVER_PHASES))
        .append(" -Dcampaign.window=").append(WINDOW).append(" -Dcampaign.warm=").append(WARM)
        .append(" -Dcampaign.individual=").append(INDIVIDUAL).append(" -Dcampaign.collective=").append(COLLECTIVE)
        .append(" -Dcampaign.batch-spacing=").append(Workload.BATCH_SPACING)
        .append(" -Dcampaign.minimal=").append(MINIMAL)
        .append(" -Dcampaign.submission-size=").append(Workload.SUBMISSION_SIZE)
        .append(" -Dcampaign.submission-wait=").append(Workload.SUBMISSION_WAIT)
        .append(" -Dcampaign.visit-interval=").append(Robots.VISIT_INTERVAL);
    if (REAL) {
      c.append(" -Dcampaign.real=true");
    }
    if (!APP_ARGS.isBlank()) {
      c.append(" -Dcampaign.app.args=\"").append(APP_ARGS.trim()).append('"');
    }
    if (!LABEL.isBlank()) {
      c.append(" -Dcampaign.label=\"").append(LABEL).append('"');
    }
    return c.append(PostgresServer.settingsFlag()).toString();
  }

  private String runName() {
    return "campaign " + LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + (LABEL.isBlank() ? "" : " (" + LABEL + ")");
  }

  private String section(List<Level> levels, PgBench.Result pgbench, String loadAtStart, double totalSeconds,
      Replicator replicator, long copiedApplications) {
    StringBuilder s = new StringBuilder();
    s.append("\n## Run of ").append(LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" (Asia/Shanghai)")
        .append(LABEL.isBlank() ? "" : ": " + LABEL).append("\n\n");
    s.append("- Command: `").append(command()).append("`\n");
    s.append("- Machine: ").append(Machine.describe(oracle.string("show server_version"))).append("; load average ")
        .append(loadAtStart).append(" at start, ").append(Machine.loadAverages()).append(" at end (shared machine);")
        .append(" fsync ").append(oracle.string("show fsync")).append(", synchronous_commit ")
        .append(oracle.string("show synchronous_commit")).append(", shared_buffers ")
        .append(oracle.string("show shared_buffers")).append('\n');
    s.append("- Application: its own JVM (-Xmx").append(HEAP).append("), profiles demo,postgres; engine ")
        .append(engineSettings).append('\n');
    s.append(String.format("- Load: closed loop of %,d individual applications and %d batches of %d rows under way"
            + " (per phase: the modes it runs; batches uploaded at least %d s apart, the warm-up of a phase with"
            + " batches longer by their ramp); %d client threads, %d robot clerks; registrations %,d through the API,"
            + " %,d through Tasklist's start forms; %,d intake refusals corrected; %,d town submissions started in"
            + " Tasklist; %,d cards activated at the bank; robots: %,d visits, %,d tasks completed through Tasklist's"
            + " session (%,d logins), %,d failed requests; workload failures %,d%n", INDIVIDUAL, COLLECTIVE, 300,
        Workload.BATCH_SPACING, CLIENTS, ROBOTS,
        workload.viaApi.get(), workload.viaTasklist.get(), workload.intakeRefusals.get(),
        workload.townSubmissions.get(), workload.activations.get(), robots.visits.get(), robots.completed.get(),
        rest.logins.get(), robots.failureCount(), workload.failureCount()));
    s.append(String.format("- Cadence: a town submits at %d registered applications or when the oldest has waited %d s;"
            + " a clerk looks at Tasklist at most every %d s unless the last page was full; the City Centre makes cards"
            + " 5 s after a submission, a submission polls once after 30 s; 70 %% of the issued individual cards are"
            + " activated (the other instances wait for the activation, as in a campaign)%n", Workload.SUBMISSION_SIZE,
        Workload.SUBMISSION_WAIT, Robots.VISIT_INTERVAL));
    s.append("- Tasks completed by kind: ").append(new TreeMap<>(robots.byTask)).append('\n');
    if (!robots.failures.isEmpty() || !workload.failures.isEmpty()) {
      s.append("- Failures (robots): ").append(robots.failures).append("; (workload): ").append(workload.failures)
          .append('\n');
    }
    s.append(String.format("- Whole run: %.0f s; %s%n", totalSeconds, REAL ? "every level reached by real lifecycles"
        : String.format("%,d applications copied in (%d copies of the first level's rows)", copiedApplications,
            replicator.copies)));
    s.append("- Log: ").append(String.join("; ", log)).append("\n\n");

    s.append("A window counts the applications that came to rest in it (individual: activated, withdrawn, recovered,"
        + " or issued and not activated; collective rows: issued, withdrawn, recovered; batches: instance ended) and the"
        + " CPU the application's JVM and PostgreSQL spent in it. **CPU ratio** = CPU of one minimal instance ÷ CPU of"
        + " one lifecycle: how many lifecycles the two cores do per minimal instance, which the neighbours on a shared"
        + " machine do not disturb. **Wall ratio** = lifecycles/s in the window ÷ minimal instances/s; it counts the"
        + " harness's own share of the two cores (robots, clients, simulator) and the neighbours', so it is lower. A window"
        + " whose halves differ by more than " + Math.round(STEADY_TOLERANCE * 100) + " % is **not steady** (a burst of"
        + " work begun before it, or a lull): its ratios do not count as a goal met.\n\n");
    s.append("| applications in the tables | copied (s) | minimal process (instances/s; CPU ms each) | phase |"
        + " came to rest (individual; rows; batches) | per s (halves of the window) | CPU ms per lifecycle (app +"
        + " PostgreSQL) | CPU ratio | wall ratio | load |\n|---:|---:|---|---|---|---|---|---|---|---|\n");
    for (Level l : levels) {
      for (Window w : l.windows()) {
        double perSecond = w.applications() / w.seconds();
        String cpuMs;
        String cpuRatio;
        String wallRatio;
        if (w.phase().equals("individual")) {
          cpuMs = fmt(w.cpuMs(w.individual()), "%.1f");
          cpuRatio = "**" + fmt(l.minimalCpuMs() / w.cpuMs(w.individual()), "%.2f") + "**";
          wallRatio = fmt(w.individual() / w.seconds() / l.minimalRate(), "%.2f");
        } else if (w.phase().equals("collective")) {
          cpuMs = "row " + fmt(w.cpuMs(w.rows()), "%.1f") + ", batch " + fmt(w.cpuMs(w.batches()), "%.0f");
          cpuRatio = "row **" + fmt(l.minimalCpuMs() / w.cpuMs(w.rows()), "%.2f") + "**, batch "
              + fmt(l.minimalCpuMs() / w.cpuMs(w.batches()), "%.4f");
          wallRatio = "row " + fmt(w.rows() / w.seconds() / l.minimalRate(), "%.2f") + ", batch "
              + fmt(w.batches() / w.seconds() / l.minimalRate(), "%.4f");
        } else {
          cpuMs = "application " + fmt(w.cpu().total() * 1000 / Math.max(1, w.applications()), "%.1f");
          cpuRatio = fmt(l.minimalCpuMs() / (w.cpu().total() * 1000 / Math.max(1, w.applications())), "%.2f");
          wallRatio = fmt(perSecond / l.minimalRate(), "%.2f");
        }
        s.append(String.format("| %,d | %.0f | %.1f; %.2f | %s | %,d; %,d; %,d | %.1f (%.1f, %.1f)%s | %s (%.0f %%"
                + " app) | %s | %s | %s |%n", l.tablesAtStart(), l.growSeconds(), l.minimalRate(), l.minimalCpuMs(),
            w.phase(), w.individual(), w.rows(), w.batches(), perSecond, 2 * w.halves()[0] / w.seconds(),
            2 * w.halves()[1] / w.seconds(), w.steady() ? "" : " **not steady**", cpuMs,
            100 * w.cpu().application() / w.cpu().total(), cpuRatio,
            wallRatio, w.load()));
      }
    }
    s.append('\n');
    for (Level l : levels) {
      for (Window w : l.windows()) {
        s.append(String.format("- %s at %,d: %.0f s window, under way at its start %,d individual and %,d batches;"
                + " CPU %.0f s application + %.0f s PostgreSQL = %.2f of the %d cores; %,d commits (%.1f per"
                + " application)%n", w.phase(), l.tablesAtStart(), w.seconds(), w.inFlightIndividual(),
            w.inFlightBatches(), w.cpu().application(), w.cpu().postgres(), w.cpu().total() / w.seconds(), CORES,
            w.commits(), w.commits() / Math.max(1, w.applications())));
        s.append("  - rows written per application that came to rest: ").append(w.perLifecycle().entrySet().stream()
            .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")))
            .append('\n');
        s.append("  - the application's CPU by thread group (s): ").append(w.threads().entrySet().stream()
            .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
            .map(e -> String.format("%s %.0f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")))
            .append('\n');
        s.append(String.format("  - the application's request threads by kind of request (calls and CPU ms per"
            + " application that came to rest; ms per call), %.1f ms per application in all:%n",
            w.requests().values().stream().mapToDouble(r -> r[1]).sum()));
        w.requests().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(12)
            .forEach(e -> s.append(String.format("    - %.2f calls, %.2f ms (%.2f ms each): `%s`%n", e.getValue()[0],
                e.getValue()[1], e.getValue()[2], e.getKey())));
        if (!w.statements().isEmpty()) {
          s.append(String.format("  - most database time (pg_stat_statements; statements on ACT_HI_*: %.0f %% of"
              + " all):%n", 100 * w.historyShare())).append(StatementStats.format(w.statements(), "application")
              .replace("  - ", "    - "));
        }
      }
    }
    Level first = levels.get(0);
    Level last = levels.get(levels.size() - 1);
    double minutes = campaignMinutes(levels);
    s.append(String.format("%n- The campaign's application (%.0f %% collective) costs %s CPU ms at %,d and %s at %,d;"
            + " the whole campaign of 616,000, integrated over the measured sizes, needs **%.0f min** of the %d cores"
            + " (CPU-bound; the wall clock of this shared machine adds the harness and the neighbours)%n",
        COLLECTIVE_SHARE * 100, fmt(first.campaignCpuMs(), "%.1f"), first.tablesAtStart(),
        fmt(last.campaignCpuMs(), "%.1f"), last.tablesAtStart(), minutes, CORES));
    s.append(String.format("- Flatness (CPU ratio of the campaign's mix at %,d ÷ at %,d): **%s**; minimal process"
            + " CPU ms %.2f → %.2f, rate %.0f → %.0f/s%n", last.tablesAtStart(), first.tablesAtStart(),
        fmt(flatness(levels), "%.2f"), first.minimalCpuMs(), last.minimalCpuMs(), first.minimalRate(),
        last.minimalRate()));
    Window mixed = first.window("mixed");
    if (mixed != null) {
      s.append(String.format("- Both modes at once at %,d: %.1f applications/s on the wall clock (%,d individual,"
              + " %,d rows); at that rate 616,000 would take %.0f min%n", first.tablesAtStart(),
          mixed.applications() / mixed.seconds(), mixed.individual(), mixed.rows(),
          CAMPAIGN / (mixed.applications() / mixed.seconds()) / 60));
    }
    if (pgbench != null) {
      s.append(String.format("- pgbench single-row inserts on the same server straight after the first level: %.0f/s"
          + " (`%s`)%n", pgbench.tps(), pgbench.command().replaceAll("-f \\S+", "-f single-row-insert.sql")));
    }
    if (!replicator.timings.isEmpty()) {
      s.append("- Copied rows per table (rows, seconds): ");
      replicator.timings.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
          .limit(10).forEach(e -> s.append(String.format("%s %,.0f / %.0f s; ", e.getKey(), e.getValue()[0],
              e.getValue()[1])));
      s.append('\n');
    }
    s.append("- Database size at the end: ").append(oracle.string("select pg_size_pretty(pg_database_size("
        + "current_database()))")).append('\n');
    return s.toString();
  }

  /** Minutes of the two cores for 616,000 applications: CPU per application integrated over the table size. */
  static double campaignMinutes(List<Level> levels) {
    double seconds = 0;
    for (long x = 0; x < CAMPAIGN; x += 1000) {
      seconds += 1000 * cpuMsAt(levels, x) / 1000;
    }
    return seconds / CORES / 60;
  }

  private static double cpuMsAt(List<Level> levels, long size) {
    List<Level> known = levels.stream().filter(l -> !Double.isNaN(l.campaignCpuMs())).toList();
    if (known.isEmpty()) {
      return Double.NaN;
    }
    if (size <= known.get(0).tablesAtStart()) {
      return known.get(0).campaignCpuMs();
    }
    for (int i = 1; i < known.size(); i++) {
      Level a = known.get(i - 1);
      Level b = known.get(i);
      if (size <= b.tablesAtStart()) {
        double f = (size - a.tablesAtStart()) / (double) (b.tablesAtStart() - a.tablesAtStart());
        return a.campaignCpuMs() + f * (b.campaignCpuMs() - a.campaignCpuMs());
      }
    }
    return known.get(known.size() - 1).campaignCpuMs();
  }

  static double flatness(List<Level> levels) {
    Level first = levels.get(0);
    Level last = levels.get(levels.size() - 1);
    return (last.minimalCpuMs() / last.campaignCpuMs()) / (first.minimalCpuMs() / first.campaignCpuMs());
  }

  private void summary(List<Level> levels) {
    String run = runName() + ", src/benchmark/campaign-results.md";
    String command = command();
    double individual = levels.stream().mapToDouble(l -> l.minimalCpuMs() / l.individualCpuMs())
        .filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
    double rows = levels.stream().mapToDouble(l -> l.minimalCpuMs() / l.rowCpuMs()).filter(d -> !Double.isNaN(d))
        .min().orElse(Double.NaN);
    List<Window> individualWindows = windows(levels, "individual");
    List<Window> collectiveWindows = windows(levels, "collective");
    if (!Double.isNaN(individual)) {
      Summary.put(Summary.INDIVIDUAL, individual, "≥ 0.25 (CPU ratio, lowest over the levels; "
          + steadiness(individualWindows) + ")", individual >= 0.25 && allSteady(individualWindows), run, command);
    }
    if (!Double.isNaN(rows)) {
      Summary.put(Summary.COLLECTIVE, rows, "≥ 0.25 per row (CPU ratio, lowest over the levels; "
          + steadiness(collectiveWindows) + ")", rows >= 0.25 && allSteady(collectiveWindows), run, command);
    }
    // the campaign's figures come from every window that ran (the single modes, else the mixed one)
    List<Window> all = levels.stream().flatMap(l -> l.windows().stream()).toList();
    String steadiness = allSteady(all) ? "" : "; " + steadiness(all.stream().filter(w -> !w.steady()).toList());
    double minutes = campaignMinutes(levels);
    boolean reaches = levels.get(levels.size() - 1).tablesAtStart() >= CAMPAIGN;
    if (!Double.isNaN(minutes)) {
      Summary.put(Summary.CAMPAIGN, minutes, "< 60 (CPU-bound on 2 cores, integrated over the measured sizes"
          + (reaches ? "" : "; the largest size measured is below 616,000") + steadiness + ")",
          minutes < 60 && reaches && allSteady(all), run, command);
    }
    if (levels.size() > 1) {
      double flat = flatness(levels);
      Summary.put(Summary.FLATNESS, flat, "≥ 0.8 (CPU ratios of the campaign's mix, largest ÷ smallest size"
          + steadiness + ")", flat >= 0.8 && levels.get(levels.size() - 1).tablesAtStart() >= CAMPAIGN
          && allSteady(all), run, command);
    }
  }

  private static List<Window> windows(List<Level> levels, String phase) {
    return levels.stream().map(l -> l.window(phase)).filter(w -> w != null).toList();
  }

  private static boolean allSteady(List<Window> windows) {
    return windows.stream().allMatch(Window::steady);
  }

  private static String steadiness(List<Window> windows) {
    return windows.stream().map(Window::steadiness).collect(Collectors.joining("; "));
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(format, v);
  }
}
