package cn.panyu.card.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.benchmark.campaign.Replicator;
import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.PostgresServer;
import cn.panyu.card.support.PostgresTest;
import cn.panyu.card.support.TestApplicants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What the engine's history clean-up costs at campaign scale on PostgreSQL: {@code seed} applications go the
 * whole individual way (registration in Tasklist, one town submission to the simulator, the boxes down to the
 * village, collection, activation), so that every instance has ended with its full history; their rows are
 * copied ({@link Replicator}) until the tables hold {@code applications} ended applications with their town
 * submissions and boxes. Then the clock is set to a night after the time to live and the clean-up job runs as
 * the job executor would run it (one job, the engine's default batch size), until nothing removable is left.
 * Not a test: run it with
 *
 * <pre>mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=HistoryCleanupBenchmark</pre>
 *
 * ({@code -Dcleanup.benchmark.applications=616000} for the whole campaign; {@code -Dcleanup.benchmark.seed=N}, by
 * default 1/99 of the applications and at least 200).
 * Appends its figures to src/benchmark/history-cleanup-results.md.
 */
@PostgresTest
@Tag("benchmark")
@TestPropertySource(properties = {"logging.level.cn.panyu.card=warn", "process-coverage.enabled=false",
    "logging.level.org.camunda.bpm.engine.context=error"})
class HistoryCleanupBenchmark extends IndividualSteps {

  private static final long APPLICATIONS = Long.getLong("cleanup.benchmark.applications", 100_000);
  // the Replicator marks a copy in two digits (an ID number has no room for more): at most 99 copies
  private static final int SEED = Integer.getInteger("cleanup.benchmark.seed",
      (int) Math.max(200, Math.ceil(APPLICATIONS / 99.0)));
  private static final int MAX_RUNS = 200_000;
  private static final Path RESULTS = Path.of("src/benchmark/history-cleanup-results.md");

  @Autowired DataSource dataSource;
  private final String loadAtStart = Machine.loadAverage();

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void historyCleanupAtCampaignScale() throws Exception {
    long t0 = System.nanoTime();
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < SEED; i++) {
      // a new birth date every 400 applicants: the test ID numbers' sequence repeats after about 500
      String birth = LocalDate.of(1980, 1, 1).plusDays(i / 400).format(DateTimeFormatter.BASIC_ISO_DATE);
      instances.add(registerWithScan(TestApplicants.idNumber("440113", birth)));
    }
    submitTown(true);
    deliverAll();
    for (String pi : instances) {
      completeAsOpened(pi, "Task_CollectCard");
      simulator.activate(cardNumber(applicationNumber(pi)), null);
    }
    await("every application activated and ended", () -> instances.stream().allMatch(this::isEnded));
    runAsyncJobs();
    double seedSeconds = (System.nanoTime() - t0) / 1e9;
    long rowsPerApplication = removableRows() / SEED;

    long t1 = System.nanoTime();
    Replicator replicator = new Replicator(dataSource, "none");
    replicator.growTo(APPLICATIONS);
    double copySeconds = (System.nanoTime() - t1) / 1e9;
    long applications = replicator.applications();
    Map<String, Long> before = removableRowsByTable();
    long removable = before.values().stream().mapToLong(Long::longValue).sum();
    long historyBytes = jdbc.queryForObject("select sum(pg_total_relation_size(c.oid)) from pg_class c"
        + " where c.relname like 'act_hi_%' and c.relkind = 'r'", Long.class);

    // a night after the last removal time, inside the window; one job as the job executor runs it
    Timestamp last = jdbc.queryForObject("select max(removal_time_) from act_hi_procinst", Timestamp.class);
    Instant night = LocalDate.ofInstant(last.toInstant(), ZoneId.systemDefault()).plusDays(1).atTime(2, 0)
        .atZone(ZoneId.systemDefault()).toInstant();
    ClockUtil.setCurrentTime(Date.from(night));
    history.cleanUpHistoryAsync(true);
    int runs = 0;
    long t2 = System.nanoTime();
    List<Double> runSeconds = new ArrayList<>();
    while (runs < MAX_RUNS) {
      Job job = history.findHistoryCleanupJobs().stream()
          .filter(j -> j.getDuedate() != null && !j.getDuedate().after(ClockUtil.getCurrentTime()))
          .findFirst().orElse(null);
      if (job == null) {
        break; // the job rescheduled itself for later: nothing (or too little) left to remove
      }
      long r0 = System.nanoTime();
      management.executeJob(job.getId());
      runSeconds.add((System.nanoTime() - r0) / 1e9);
      runs++;
    }
    double cleanupSeconds = (System.nanoTime() - t2) / 1e9;
    Map<String, Long> after = removableRowsByTable();
    long left = after.values().stream().mapToLong(Long::longValue).sum();
    assertThat(left).as("rows left after the clean-up").isZero();
    assertThat(jdbc.queryForObject("select count(*) from act_hi_procinst", Long.class)).isZero();

    double rowsPerSecond = removable / cleanupSeconds;
    // a day of the campaign: 616,000 applications over about seven months (the plan), ended 180 days later
    double perDay = 616_000 / 210.0;
    double nightlySeconds = perDay * rowsPerApplication / rowsPerSecond;
    runSeconds.sort(Double::compare);

    StringBuilder md = new StringBuilder();
    if (!Files.exists(RESULTS)) {
      md.append("# History clean-up at campaign scale (HistoryCleanupBenchmark)\n\n")
          .append("The engine's own clean-up (removal-time strategy, one job, batch size 500, window 01:00–05:00)")
          .append(" removing the history of ended applications, with their town submissions and boxes, and their")
          .append(" per-instance grants, on the embedded PostgreSQL of the tests.\n");
    }
    md.append("\n## ").append(Instant.now()).append("\n\n")
        .append("- command: `mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=HistoryCleanupBenchmark")
        .append(" -Dcleanup.benchmark.applications=").append(APPLICATIONS).append(" -Dcleanup.benchmark.seed=")
        .append(SEED).append(PostgresServer.settingsFlag()).append("`\n")
        .append("- machine: ").append(Machine.describe(jdbc.queryForObject("show server_version", String.class)))
        .append("; load average at the start ").append(loadAtStart).append(", at the end ")
        .append(Machine.loadAverage()).append(" (the machine is shared)\n")
        .append(String.format("- seed: %d applications the whole way in %.0f s; copied to %,d applications in %.0f s%n",
            SEED, seedSeconds, applications, copySeconds))
        .append(String.format("- history (ACT_HI_* tables with indexes) before the clean-up: %,d MB%n",
            historyBytes >> 20))
        .append(String.format("- removable rows per application (its own instance, its share of submissions and"
            + " boxes, history and grants): %d%n", rowsPerApplication))
        .append(String.format("- **removed %,d rows in %.0f s: %,.0f rows per second** (%d job runs, per run p50 %.2f s,"
            + " p95 %.2f s, max %.2f s)%n", removable, cleanupSeconds, rowsPerSecond, runs,
            runSeconds.isEmpty() ? 0 : runSeconds.get(runSeconds.size() / 2),
            runSeconds.isEmpty() ? 0 : runSeconds.get((int) (runSeconds.size() * 0.95)),
            runSeconds.isEmpty() ? 0 : runSeconds.get(runSeconds.size() - 1)))
        .append(String.format("- a campaign night (%.0f applications ended 180 days before): about %.0f s of the"
            + " 4-hour window; the whole campaign's history at once: about %.1f h%n", perDay, nightlySeconds,
            616_000.0 * rowsPerApplication / rowsPerSecond / 3600))
        .append("\n| table | rows removed |\n| --- | ---: |\n");
    before.forEach((table, rows) -> md.append("| ").append(table).append(" | ")
        .append(String.format("%,d", rows)).append(" |\n"));
    Files.writeString(RESULTS, md.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private long removableRows() {
    return removableRowsByTable().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows the clean-up removes: every row with a removal time (history, history byte arrays, grants). */
  private Map<String, Long> removableRowsByTable() {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : jdbc.queryForList("select table_name from information_schema.columns where table_schema"
        + " = current_schema() and column_name = 'removal_time_' order by table_name", String.class)) {
      long n = jdbc.queryForObject("select count(*) from " + table + " where removal_time_ is not null", Long.class);
      if (n > 0) {
        rows.put(table, n);
      }
    }
    return rows;
  }
}
