package cn.panyu.card.benchmark;

import static cn.panyu.card.individual.IndividualIssuance.APPLICATION_NUMBER;
import static cn.panyu.card.individual.IndividualIssuance.CARD_NUMBER;
import static cn.panyu.card.individual.IndividualIssuance.REGISTERED_BY;
import static cn.panyu.card.individual.IndividualIssuance.SUBMISSION_ID;
import static cn.panyu.card.individual.IndividualIssuance.TOWN_CODE;
import static cn.panyu.card.individual.IndividualIssuance.VILLAGE_CODE;
import static cn.panyu.card.individual.IndividualIssuance.VILLAGE_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.benchmark.campaign.CpuClock;
import cn.panyu.card.benchmark.campaign.Rest;
import cn.panyu.card.individual.IndividualIssuance;
import cn.panyu.card.org.InstanceAccess;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.org.TasklistFilters;
import cn.panyu.card.org.UnitProvisioning;
import cn.panyu.card.support.PostgresServer;
import cn.panyu.card.support.PostgresTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Figures 4 and 5 of issue 9 on the embedded PostgreSQL of the tests, with the whole application and the job
 * executor on (the test profile turns it off; here it runs with the application's settings):
 *
 * <ul>
 *   <li>Figure 5, Tasklist at scale: {@code instances} individual applications waiting at {@code Task_CollectCard}
 *       (card made and at the village), spread over ~340 villages; the demo village user {@code village} asks for
 *       the "本单位待办" filter's first page and count over HTTP, as Tasklist does, with authorizations on.</li>
 *   <li>Figure 4, overdue storm: the {@code Timer_CollectionOverdue} jobs of all those instances fall due at once;
 *       the time until the job executor has fired all of them (every application RECOVERED, its card handed back to
 *       the town in a {@code card-handover} instance), against the same number of timers of a minimal process
 *       (start → timer → end) drained in the same run.</li>
 * </ul>
 *
 * The application rows, their status history and the ledger of their cards are loaded with COPY; the instances are
 * started at the user task with the engine's own API ({@code startBeforeActivity}) with the variables an instance
 * has there in production, and get the same read grants ({@link InstanceAccess}) in the same transaction. Not a
 * test: run it with
 *
 * <pre>mvn -B -o test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=OverdueStormBenchmark</pre>
 *
 * ({@code -Dstorm.benchmark.instances=5000} for a quick run). Appends its figures to
 * src/benchmark/storm-tasklist-results.md.
 */
@PostgresTest
@Tag("benchmark")
@TestPropertySource(properties = {
    "camunda.bpm.job-execution.enabled=true",
    // Tasklist's session is bound to the engine's name: the engine is "default", as in production (run it alone)
    "camunda.bpm.generate-unique-process-engine-name=false",
    // the tests' flow-node coverage recorder keeps every event of every instance in memory: not in production
    "process-coverage.enabled=false",
    "logging.level.cn.panyu.card=warn",
    "logging.level.org.camunda.bpm.engine.jobexecutor=warn"})
class OverdueStormBenchmark {

  private static final int INSTANCES = Integer.getInteger("storm.benchmark.instances", 100_000);
  private static final int BASELINE = Integer.getInteger("storm.benchmark.baseline", INSTANCES);
  private static final int RUNS = Integer.getInteger("storm.benchmark.runs", 100);
  private static final int THREADS = Integer.getInteger("storm.benchmark.threads", 4);
  private static final int DRAIN_TIMEOUT_MINUTES = Integer.getInteger("storm.benchmark.drain-timeout-minutes", 90);
  /**
   * An experiment, not the application's schema: two indexes the engine's PostgreSQL schema lacks. A partial index on
   * the locked jobs turns the job acquisition's NOT EXISTS (a locked exclusive job of the same instance) from a full
   * scan of ACT_RU_JOB into an index scan; an index on ACT_RU_TASK.PARENT_TASK_ID_ does the same for the subtask
   * look-up the engine makes for every task it deletes (each overdue timer cancels its user task).
   */
  private static final boolean INDEXES = Boolean.getBoolean("storm.benchmark.indexes");
  /** {@code -Dstorm.benchmark.drain=false}: figure 5 only, without the baseline and the two drains of figure 4. */
  private static final boolean DRAIN = !"false".equals(System.getProperty("storm.benchmark.drain"));
  private static final int CHUNK = 50_000;

  private static final String DEMO_VILLAGE = "440113007901";
  private static final String VILLAGE_USER = "village";
  private static final String PREFIX = "ST";
  private static final String BASELINE_KEY = "storm-baseline";
  private static final String BASELINE_TIMER = "Timer_Baseline";
  private static final String OVERDUE_TIMER = "Timer_CollectionOverdue";

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired TestRestTemplate rest;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired InstanceAccess instanceAccess;
  @Autowired UnitProvisioning provisioning;
  @Autowired TransactionTemplate tx;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @LocalServerPort int port;
  private Rest tasklistClient;

  /** code → [town code, group id, town group id] of every village, the demo ones included. */
  private final List<String[]> villages = new ArrayList<>();
  private final Instant now = Instant.now();
  private final String loadAtStart = Machine.loadAverages();
  private final Map<String, String> notes = new LinkedHashMap<>();
  private StatementStats statements;
  private String tasklistStatements = "";
  /** CPU of the concurrent pages (application JVM with its HTTP clients, PostgreSQL), per page. */
  private CpuClock.Cpu pageCpu;

  @Test
  void overdueStormAndTasklistAtScale() throws Exception {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(config.getJobExecutor().isActive()).as("job executor running").isTrue();
    String filterId = myUnitFilter();
    statements = new StatementStats(jdbc);
    long visibleBefore = count(filterId);

    // ------------------------------------------------------------------ setup
    long t0 = System.nanoTime();
    units();
    double unitsSeconds = seconds(t0);
    t0 = System.nanoTime();
    load();
    double loadSeconds = seconds(t0);
    t0 = System.nanoTime();
    parallel(INSTANCES, this::startWaitingInstance);
    double startSeconds = seconds(t0);
    t0 = System.nanoTime();
    if (DRAIN) {
      deployBaseline();
      parallel(BASELINE, i -> runtime.startProcessInstanceByKey(BASELINE_KEY, "BL" + i));
    }
    double baselineStartSeconds = seconds(t0);

    long demoVillageTasks = 0;
    for (int i = 0; i < INSTANCES; i++) {
      if (villages.get(i % villages.size())[0].equals(DEMO_VILLAGE)) {
        demoVillageTasks++;
      }
    }
    assertThat(jdbc.queryForObject("select count(*) from act_ru_task where task_def_key_ = 'Task_CollectCard'",
        Long.class)).isEqualTo(INSTANCES);
    assertThat(jobsOf(OVERDUE_TIMER)).isEqualTo(INSTANCES);
    notes.put("reminder timers (Timer_NextReminder) waiting beside the overdue timers", String.format("%,d",
        jobsOf("Timer_NextReminder")));
    // tasks of mixed ages, as a campaign's Tasklist holds them: created over the last 60 days, due and escalated
    // accordingly (the page sorts by creation: a page of the newest tasks is not the easy case any more)
    jdbc.update("update act_ru_task set create_time_ = localtimestamp - random() * interval '60 days'"
        + " where task_def_key_ = 'Task_CollectCard'");
    jdbc.update("update act_ru_task set due_date_ = create_time_ + interval '42 days', follow_up_date_ = create_time_"
        + " + interval '42 days' where task_def_key_ = 'Task_CollectCard'");
    assertThat(jobsOf(BASELINE_TIMER)).isEqualTo(DRAIN ? BASELINE : 0);
    notes.put("authorization rows after setup", String.format("%,d (task grants per candidate group: %,d;"
        + " instance grants: %,d)", jdbc.queryForObject("select count(*) from act_ru_authorization", Long.class),
        jdbc.queryForObject("select count(*) from act_ru_authorization where resource_type_ = 7", Long.class),
        jdbc.queryForObject("select count(*) from act_ru_authorization where resource_type_ in (8, 20)", Long.class)));

    // ------------------------------------------------------------------ figure 5: Tasklist
    long visible = count(filterId);
    assertThat(visible).as("tasks the village user sees").isEqualTo(visibleBefore + demoVillageTasks)
        .isGreaterThan(0);
    List<String> firstPage = listTaskIds(filterId, 15);
    assertThat(firstPage).hasSize((int) Math.min(15, visible));
    List<String> all = listTaskIds(filterId, (int) visible + 10);
    assertThat(all).hasSize((int) visible);
    assertThat(jdbc.queryForObject("select count(*) from act_ru_task t join act_ru_execution e on e.id_ ="
        + " t.proc_inst_id_ join application a on a.application_number = e.business_key_ where a.unit_code <> ?"
        + " and t.id_ in (" + String.join(",", all.stream().map(id -> "'" + id + "'").toList()) + ")",
        Long.class, DEMO_VILLAGE)).as("tasks of other villages the village user sees").isZero();
    Map<String, double[]> tasklist = new LinkedHashMap<>();
    tasklist.put("filter list, page 1 of 15 (as loaded)", time(() -> listTaskIds(filterId, 15)));
    tasklist.put("filter count (as loaded)", time(() -> count(filterId)));
    jdbc.execute("analyze");
    tasklist.put("filter list, page 1 of 15 (after ANALYZE)", time(() -> listTaskIds(filterId, 15)));
    tasklist.put("filter count (after ANALYZE)", time(() -> count(filterId)));
    // where a page's time goes: the engine's own query as the user, no HTTP; the page without HAL's embedded
    // resources; the statements behind the HAL page
    List<String> villageGroups = identity.createGroupQuery().groupMember(VILLAGE_USER).list().stream()
        .map(Group::getId).toList();
    tasklist.put("engine only: FilterService.listPage as the user, in-process", time(() -> asVillageUser(
        villageGroups, () -> filters.listPage(filterId, 0, 15))));
    tasklist.put("filter list, page 1 of 15, plain JSON (no HAL embeds)", time(() -> listTaskIds(filterId, 15,
        MediaType.APPLICATION_JSON_VALUE)));
    Rest basic = new Rest("http://localhost:" + port, "demo");
    tasklist.put("filter list, page 1 of 15, over /engine-rest with HTTP Basic on every request (not Tasklist)",
        time(() -> listTaskIds(basic, VILLAGE_USER, filterId, 15, "application/hal+json, application/json; q=0.5")));
    statements.reset();
    double[] halAgain = time(() -> listTaskIds(filterId, 15));
    tasklistStatements = StatementStats.format(statements.top(10, halAgain.length + 5), "page");
    tasklist.put("filter list, page 1 of 15 (HAL again, statements recorded)", halAgain);
    // the figure of issue 18: eight village users at once, each loading its Tasklist page (list and count) again
    // and again
    double[] concurrent = concurrentPages(filterId);
    tasklist.put(String.format("**page (list + count) of %d village users at once**", USERS.size()), concurrent);
    String taskSql = taskQuerySql();

    // ------------------------------------------------------------------ figure 4: drains
    Drain baseline = null;
    Drain storm = null;
    if (DRAIN) {
      if (INDEXES) {
        jdbc.execute("create index bench_job_locked on act_ru_job (lock_exp_time_) where lock_owner_ is not null");
        jdbc.execute("create index bench_task_parent on act_ru_task (parent_task_id_)");
      }
      // the baseline first: its timers drain while the storm's wait (and the other way round for the storm)
      baseline = drain(BASELINE_TIMER, BASELINE_KEY, BASELINE);
      assertThat(jdbc.queryForObject("select count(*) from act_hi_procinst where proc_def_key_ = ? and end_time_ is"
          + " not null", Long.class, BASELINE_KEY)).isEqualTo(BASELINE);
      storm = drain(OVERDUE_TIMER, IndividualIssuance.PROCESS_KEY, INSTANCES);
      assertThat(jdbc.queryForObject("select count(*) from application where application_number like 'ST%' and"
          + " status = 'RECOVERED'", Long.class)).as("applications recovered").isEqualTo(INSTANCES);
      assertThat(jdbc.queryForObject("select count(*) from act_ru_task where task_def_key_ = 'Task_CollectCard'",
          Long.class)).isZero();
      // one recovery box per village and day (issue 16/17): every card in exactly one of them
      assertThat(jdbc.queryForObject("select count(*) from shipment_item i join shipment s on s.shipment_id ="
          + " i.shipment_id where s.purpose = 'RECOVERY' and i.application_number like 'ST%'", Long.class))
          .as("cards in recovery boxes").isEqualTo(INSTANCES);
      notes.put("recovery boxes opened (one card-shipment instance each, waiting for the box to close)",
          String.format("%,d", jdbc.queryForObject("select count(*) from shipment where purpose = 'RECOVERY'",
              Long.class)));
      assertThat(jdbc.queryForObject("select count(*) from act_ru_job where exception_msg_ is not null", Long.class))
          .as("jobs with exceptions").isZero();
      assertThat(jdbc.queryForObject("select count(*) from act_ru_incident", Long.class)).as("incidents").isZero();
    }

    write(unitsSeconds, loadSeconds, startSeconds, baselineStartSeconds, demoVillageTasks, visible, tasklist,
        taskSql, baseline, storm, config);
  }

  // ------------------------------------------------------------------------------------------ setup

  /** ~300 villages more (19 per town), made the way VillageImport makes them: row, group and grants. */
  private void units() {
    List<String> towns = jdbc.queryForList("select code from org_unit where type = 'TOWN' order by code", String.class);
    for (String town : towns) {
      for (int v = 1; v <= 19; v++) {
        String code = town + (500 + v);
        provisioning.ensureUnit(new OrgUnit(code, "基准村" + v, OrgUnitType.VILLAGE, town,
            OrgUnit.groupIdOf(OrgUnitType.VILLAGE, code)), false);
      }
    }
    jdbc.query("select v.code, v.parent_code, v.group_id, t.group_id as town_group from org_unit v join org_unit t"
        + " on t.code = v.parent_code where v.type = 'VILLAGE' order by v.code", rs -> {
          villages.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        });
    assertThat(villages).extracting(v -> v[0]).contains(DEMO_VILLAGE);
  }

  /** The applications waiting at their village with the card there: rows, history, claims and ledger by COPY. */
  private void load() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (int from = 0; from < INSTANCES; from += CHUNK) {
        StringBuilder apps = new StringBuilder();
        StringBuilder claims = new StringBuilder();
        StringBuilder events = new StringBuilder();
        StringBuilder moves = new StringBuilder();
        for (int i = from; i < Math.min(INSTANCES, from + CHUNK); i++) {
          generate(i, apps, claims, events, moves);
        }
        copy.copyIn("copy application (application_number, mode, status, unit_code, name, gender, id_number, bank,"
            + " residency, card_number, created_by, created_at, updated_at) from stdin", new StringReader(apps.toString()));
        copy.copyIn("copy applicant_claim (id_number, application_number) from stdin",
            new StringReader(claims.toString()));
        copy.copyIn("copy application_event (application_number, at, status, actor) from stdin",
            new StringReader(events.toString()));
        copy.copyIn("copy card_movement (card_number, seq, application_number, at, from_location, to_location, kind)"
            + " from stdin", new StringReader(moves.toString()));
      }
    }
    jdbc.execute("analyze application");
    jdbc.execute("analyze card_movement");
  }

  private void generate(int i, StringBuilder apps, StringBuilder claims, StringBuilder events, StringBuilder moves) {
    String[] village = villages.get(i % villages.size());
    String number = number(i);
    String idNumber = String.format("99%016d", i);
    Instant registered = now.minus(60, ChronoUnit.DAYS).minus(i % 1440, ChronoUnit.MINUTES);
    apps.append(number).append("\tINDIVIDUAL\tAT_ISSUING_UNIT\t").append(village[0]).append("\t基准").append(i)
        .append("\t男\t").append(idNumber).append("\t工商银行\t户籍\t").append(card(i)).append('\t')
        .append(VILLAGE_USER).append('\t').append(ts(registered)).append('\t')
        .append(ts(registered.plus(40, ChronoUnit.DAYS))).append('\n');
    claims.append(idNumber).append('\t').append(number).append('\n');
    String[] chain = {"REGISTERED", "SUBMITTED", "CARD_MADE", "IN_TRANSIT", "AT_ISSUING_UNIT"};
    for (int s = 0; s < chain.length; s++) {
      events.append(number).append('\t').append(ts(registered.plus(10L * s, ChronoUnit.DAYS))).append('\t')
          .append(chain[s]).append("\tbench\n");
    }
    String town = "TOWN:" + village[1];
    String here = "VILLAGE:" + village[0];
    String[][] way = {{null, "CITY_CENTRE", "MADE"}, {"CITY_CENTRE", "DISTRICT_CARD_OFFICE", "HANDED_OVER"},
        {"CITY_CENTRE", "DISTRICT_CARD_OFFICE", "RECEIVED"}, {"DISTRICT_CARD_OFFICE", town, "HANDED_OVER"},
        {"DISTRICT_CARD_OFFICE", town, "RECEIVED"}, {town, here, "HANDED_OVER"}, {town, here, "RECEIVED"}};
    for (int s = 0; s < way.length; s++) {
      moves.append(card(i)).append('\t').append(s + 1).append('\t').append(number).append('\t')
          .append(ts(registered.plus(20 + s, ChronoUnit.DAYS))).append('\t')
          .append(way[s][0] == null ? "\\N" : way[s][0]).append('\t').append(way[s][1]).append('\t')
          .append(way[s][2]).append('\n');
    }
  }

  /**
   * One instance waiting at Task_CollectCard with the variables it has there in production (start form, check,
   * registration, card result, card arrival), its read grants and its application row's instance id, in one
   * transaction as the registration does.
   */
  private void startWaitingInstance(int i) {
    String[] village = villages.get(i % villages.size());
    // what an instance holds there since issue 18: identifiers and decisions (the registration's flags, the card
    // result's outcome and the applicant's name are no longer stored)
    VariableMap vars = REGISTERED_BY.with(VILLAGE_USER).and(VILLAGE_CODE, village[0]).and(VILLAGE_GROUP, village[2])
        .and(TOWN_CODE, village[1]).and(APPLICATION_NUMBER, number(i))
        .and(SUBMISSION_ID, "SUB-" + village[1] + "-STORM-" + (i % 1000)).and(CARD_NUMBER, card(i));
    tx.executeWithoutResult(status -> {
      // the collection sub-process as the card's arrival starts it: the collection task and the reminder loop's
      // first timer, under the overdue boundary timer of the sub-process
      // variables before the first instruction are the instance's; after one they would be that activity's only
      String id = runtime.createProcessInstanceByKey(IndividualIssuance.PROCESS_KEY).businessKey(number(i))
          .setVariables(vars).startBeforeActivity("Task_CollectCard").startBeforeActivity("Timer_NextReminder")
          .execute().getId();
      instanceAccess.grantRead(id, village[0]);
      jdbc.update("update application set process_instance_id = ? where application_number = ?", id, number(i));
    });
  }

  private void deployBaseline() {
    BpmnModelInstance model = Bpmn.createExecutableProcess(BASELINE_KEY).camundaHistoryTimeToLive(1)
        .startEvent().intermediateCatchEvent(BASELINE_TIMER).timerWithDuration("P3650D").endEvent().done();
    repository.createDeployment().name(BASELINE_KEY).addModelInstance(BASELINE_KEY + ".bpmn", model).deploy();
  }

  /** Runs {@code work} for 0..n-1 on {@link #THREADS} threads, printing progress. */
  private void parallel(int n, IntConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          work.accept(i);
          if ((i + 1) % 10_000 == 0) {
            System.out.printf("[storm] %,d started, %.0f/s%n", i + 1, (i + 1) / seconds(t0));
          }
        }
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------------------ drains

  record Drain(int jobs, double wallSeconds, double logSeconds, long commits, Map<String, long[]> rows,
      String acquisitionPlan) {
    double rate() {
      return jobs / wallSeconds;
    }

    double logRate() {
      return jobs / logSeconds;
    }
  }

  /**
   * Sets every job of the timer due now, wakes the job executor as a new job would, and waits until none is
   * left (or only failed ones). Measures the wall time and, from the job log, first to last successful run.
   */
  private Drain drain(String timerId, String processKey, int expected) throws Exception {
    String jobs = "job_def_id_ in (select id_ from act_ru_jobdef where act_id_ = '" + timerId
        + "' and proc_def_key_ = '" + processKey + "')";
    Thread.sleep(11_000); // idle backends report their statistics to pg_stat_* within 10 s
    Map<String, long[]> before = tableCounters();
    long commitsBefore = commits();
    long t0 = System.nanoTime();
    int due = jdbc.update("update act_ru_job set duedate_ = now() - interval '1 second' where " + jobs);
    assertThat(due).isEqualTo(expected);
    JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    executor.jobWasAdded();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(DRAIN_TIMEOUT_MINUTES);
    long left = expected;
    long lastPrint = 0;
    String plan = null;
    while (System.nanoTime() < deadline) {
      left = jdbc.queryForObject("select count(*) from act_ru_job where retries_ > 0 and " + jobs, Long.class);
      if (left == 0) {
        break;
      }
      if (plan == null && seconds(t0) > 30) {
        plan = acquisitionPlan(); // in the middle of the drain: many jobs due, a few locked
      }
      if (System.nanoTime() - lastPrint > 10e9) {
        System.out.printf("[storm] %s: %,d left after %.0f s%n", timerId, left, seconds(t0));
        lastPrint = System.nanoTime();
      }
      Thread.sleep(1000); // a count over act_ru_job is not free: polling must not slow the drain it measures
    }
    double wall = seconds(t0);
    assertThat(left).as(timerId + " jobs left after " + DRAIN_TIMEOUT_MINUTES + " min").isZero();
    assertThat(jdbc.queryForObject("select count(*) from act_ru_job where " + jobs, Long.class))
        .as(timerId + " jobs left (failed)").isZero();
    Thread.sleep(11_000); // idle backends report their statistics to pg_stat_* within 10 s
    long commits = commits() - commitsBefore;
    Map<String, long[]> after = tableCounters();
    Map<String, long[]> delta = new LinkedHashMap<>();
    after.forEach((table, a) -> {
      long[] b = before.getOrDefault(table, new long[3]);
      long[] d = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
      if (d[0] + d[1] + d[2] > 0) {
        delta.put(table, d);
      }
    });
    // the job log's span of successful runs, when the history keeps them (the application's history handler keeps
    // failures only: then the wall clock is the only measure)
    Double logged = jdbc.queryForObject("select extract(epoch from max(timestamp_) - min(timestamp_)) from"
        + " act_hi_job_log where job_state_ = 2 and " + jobs, Double.class);
    double logSeconds = logged == null ? Double.NaN : logged;
    return new Drain(expected, wall, logSeconds, commits, delta, plan == null ? "(drained within 30 s)" : plan);
  }

  private long jobsOf(String timerId) {
    return jdbc.queryForObject("select count(*) from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
        + " where d.act_id_ = ?", Long.class, timerId);
  }

  /** Rows inserted, updated and deleted per table so far (PostgreSQL's cumulative statistics). */
  private Map<String, long[]> tableCounters() {
    Map<String, long[]> counters = new LinkedHashMap<>();
    jdbc.execute("select pg_stat_clear_snapshot()");
    jdbc.query("select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables order by relname",
        rs -> {
          counters.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        });
    return counters;
  }

  private long commits() {
    jdbc.execute("select pg_stat_clear_snapshot()");
    return jdbc.queryForObject("select xact_commit from pg_stat_database where datname = current_database()",
        Long.class);
  }

  // ------------------------------------------------------------------------------------------ Tasklist

  private String myUnitFilter() {
    ResponseEntity<JsonNode> response = rest.withBasicAuth(VILLAGE_USER, "demo")
        .getForEntity("/engine-rest/filter?resourceType=Task", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    for (JsonNode filter : response.getBody()) {
      if (TasklistFilters.MY_UNIT.equals(filter.path("name").asText())) {
        return filter.path("id").asText();
      }
    }
    throw new AssertionError("the village user sees no filter " + TasklistFilters.MY_UNIT + ": " + response.getBody());
  }

  /** What Tasklist asks for: HAL, so that the page comes with the process definitions and identity links. */
  private List<String> listTaskIds(String filterId, int maxResults) {
    return listTaskIds(filterId, maxResults, "application/hal+json, application/json; q=0.5");
  }

  private <T> T asVillageUser(List<String> groups, Supplier<T> call) {
    identity.setAuthentication(VILLAGE_USER, groups);
    try {
      return call.get();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** The village users of the concurrent figure: the demo user and one clerk in each of seven other villages. */
  private static final List<String> USERS = List.of(VILLAGE_USER, "storm-clerk-1", "storm-clerk-2", "storm-clerk-3",
      "storm-clerk-4", "storm-clerk-5", "storm-clerk-6", "storm-clerk-7");

  /** Each user in a thread of its own loads its page (the HAL list of 15 and the count) RUNS times after 5 more. */
  private double[] concurrentPages(String filterId) throws Exception {
    for (int u = 1; u < USERS.size(); u++) {
      String user = USERS.get(u);
      if (identity.createUserQuery().userId(user).count() == 0) {
        var clerk = identity.newUser(user);
        clerk.setPassword("demo");
        identity.saveUser(clerk);
        // villages of other towns than the demo village's
        identity.createMembership(user, villages.get(u * (villages.size() / USERS.size()))[2]);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(USERS.size());
    List<Future<double[]>> runs = new ArrayList<>();
    // the CPU they cost, beside their wall times: 8 pages at once on 2 cores wait for each other, and the
    // neighbours of this shared machine add their load to the wall clock but not to the CPU
    CpuClock clock = new CpuClock(ProcessHandle.current().pid(),
        jdbc.queryForObject("select pg_backend_pid()", Long.class));
    CpuClock.Cpu[] atStart = new CpuClock.Cpu[1];
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(USERS.size(),
        () -> atStart[0] = clock.now());
    for (String user : USERS) {
      runs.add(pool.submit(() -> {
        for (int i = 0; i < 5; i++) {
          listTaskIds(user, filterId, 15, "application/hal+json, application/json; q=0.5");
          count(user, filterId);
        }
        start.await();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
          long t = System.nanoTime();
          listTaskIds(user, filterId, 15, "application/hal+json, application/json; q=0.5");
          count(user, filterId);
          ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
      }));
    }
    double[] all = new double[USERS.size() * RUNS];
    for (int u = 0; u < runs.size(); u++) {
      System.arraycopy(runs.get(u).get(), 0, all, u * RUNS, RUNS);
    }
    CpuClock.Cpu spent = clock.now().minus(atStart[0]);
    pageCpu = new CpuClock.Cpu(spent.application() / all.length, spent.postgres() / all.length);
    pool.shutdown();
    return all;
  }

  private List<String> listTaskIds(String filterId, int maxResults, String accept) {
    return listTaskIds(VILLAGE_USER, filterId, maxResults, accept);
  }

  private List<String> listTaskIds(String user, String filterId, int maxResults, String accept) {
    return listTaskIds(tasklist(), user, filterId, maxResults, accept);
  }

  /** The list as {@code client} asks for it: Tasklist's session, or HTTP Basic on /engine-rest for comparison. */
  private static List<String> listTaskIds(Rest client, String user, String filterId, int maxResults, String accept) {
    String body = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
        + "\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
    JsonNode page = client.post(user, "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults="
        + maxResults, body, accept);
    JsonNode tasks = page.isArray() ? page : page.path("_embedded").path("task");
    List<String> ids = new ArrayList<>();
    tasks.forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  /** The village users' browsers: logged in to Tasklist once each, as they work. */
  private Rest tasklist() {
    if (tasklistClient == null) {
      tasklistClient = Rest.asTasklist("http://localhost:" + port, "demo");
    }
    return tasklistClient;
  }

  private long count(String filterId) {
    return count(VILLAGE_USER, filterId);
  }

  private long count(String user, String filterId) {
    return tasklist().get(user, "/engine-rest/filter/" + filterId + "/count").path("count").asLong();
  }

  private double[] time(Runnable call) {
    for (int i = 0; i < 5; i++) {
      call.run();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long s = System.nanoTime();
      call.run();
      ms[i] = (System.nanoTime() - s) / 1e6;
    }
    return ms;
  }

  /**
   * EXPLAIN ANALYZE of a hand-written approximation of the engine's task query for this filter (candidate group of
   * the user, per-task READ grant): the engine's own statement is built by MyBatis and not logged here.
   */
  private String taskQuerySql() {
    // the engine's own statement for Tasklist's list through the shared filter, sorted by creation as Tasklist asks
    // (Camunda 7.23's mapping, captured with auto_explain), with the village user's parameters filled in
    String group = "'village-" + DEMO_VILLAGE + "'";
    String sql = "select distinct RES.* from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
        + " left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_ left join (select A.* from ACT_RU_AUTHORIZATION A"
        + " where A.TYPE_ < 2 and (A.USER_ID_ in ('village', '*') or A.GROUP_ID_ in (" + group + ")) and"
        + " ((A.RESOURCE_TYPE_ = 7 and A.PERMS_ & 2 = 2 or A.RESOURCE_TYPE_ = 6 and A.PERMS_ & 64 = 64))) AUTH on"
        + " (AUTH.RESOURCE_ID_ in (RES.ID_, D.KEY_, '*')) where (1 = 1 and (I.TYPE_ = 'candidate' and (I.GROUP_ID_ in"
        + " (" + group + ")))) and ((RES.CASE_EXECUTION_ID_ is not null) or (AUTH.RESOURCE_ID_ is not null)) and"
        + " (RES.TENANT_ID_ is null) order by RES.CREATE_TIME_ desc limit 15 offset 0";
    try {
      return String.join("\n", jdbc.queryForList("explain (analyze, costs off) " + sql, String.class));
    } catch (RuntimeException e) {
      return "(no plan: " + e.getMessage() + ")";
    }
  }

  /** EXPLAIN ANALYZE of the job executor's acquisition query (its PostgreSQL form in Camunda 7.23's mapping). */
  private String acquisitionPlan() {
    int limit = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor()
        .getMaxJobsPerAcquisition();
    String sql = "select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_ from ACT_RU_JOB RES"
        + " where (RES.RETRIES_ > 0) and (RES.DUEDATE_ is null or RES.DUEDATE_ <= now()) and (RES.LOCK_OWNER_ is null"
        + " or RES.LOCK_EXP_TIME_ < now()) and RES.SUSPENSION_STATE_ = 1 and ((RES.EXCLUSIVE_ = true and not exists("
        + "select J2.ID_ from ACT_RU_JOB J2 where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and"
        + " (J2.EXCLUSIVE_ = true) and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= now()))) or"
        + " RES.EXCLUSIVE_ = false) limit " + limit;
    try {
      return String.join("\n", jdbc.queryForList("explain (analyze, costs off) " + sql, String.class));
    } catch (RuntimeException e) {
      return "(no plan: " + e.getMessage() + ")";
    }
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  // ------------------------------------------------------------------------------------------ results

  private void write(double unitsSeconds, double loadSeconds, double startSeconds, double baselineStartSeconds,
      long demoVillageTasks, long visible, Map<String, double[]> tasklist, String taskPlan, Drain baseline,
      Drain storm, ProcessEngineConfigurationImpl config) throws IOException {
    Path results = Path.of("src/benchmark/storm-tasklist-results.md");
    Files.createDirectories(results.getParent());
    StringBuilder md = new StringBuilder();
    if (!Files.exists(results)) {
      md.append("# Overdue storm and Tasklist at scale (issue 9, figures 4 and 5)\n\nThe whole application on the"
          + " embedded PostgreSQL 16 of the tests (fsync off), job executor on with the application's settings."
          + " Individual applications waiting at 申请人核对并领卡 (Task_CollectCard) with their card at the village:"
          + " application rows, status history, claims and card ledger loaded by COPY; the instances started at the"
          + " user task with the engine's API (startBeforeActivity) with the variables and read grants they have"
          + " there in production. Figure 5: the village user's Tasklist filter 本单位待办 over HTTP (Basic auth,"
          + " authorizations on, HAL as Tasklist asks). Figure 4: all Timer_CollectionOverdue jobs set due at once"
          + " (SQL update of the due date, then the job executor woken as for a new job); the baseline is the same"
          + " number of timers of a minimal process (start → timer → end) drained in the same run just before.\n");
    }
    md.append("\n## ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
    md.append("- machine: ").append(Machine.describe(jdbc.queryForObject("show server_version", String.class)))
        .append("; load average (1/5/15 min) at")
        .append(" the start ").append(loadAtStart).append(", at the end ").append(Machine.loadAverages())
        .append(" (the machine is shared)\n");
    md.append("- Tasklist's requests as Tasklist makes them: each village user logged in once (session cookie and CSRF")
        .append(" token), the list and count through the webapps' `/camunda/api/engine` (").append(tasklist().logins)
        .append(" logins for ").append(tasklist().requests).append(" requests); one row over `/engine-rest` with")
        .append(" HTTP Basic on every request, as scripts call it, for comparison\n");
    md.append("- command: `").append(command()).append("`\n");
    md.append("- engine: history level ").append(config.getHistoryLevel().getName()).append(", authorization ")
        .append(config.isAuthorizationEnabled() ? "on" : "off").append("; job executor ").append(jobExecutor(config))
        .append('\n');
    md.append(String.format("- sizes: %,d waiting instances over %d villages (%,d of them in the demo village %s),"
        + " %,d baseline instances; setup threads: %d%n", INSTANCES, villages.size(), demoVillageTasks, DEMO_VILLAGE,
        BASELINE, THREADS));
    md.append(String.format("- setup: %d villages provisioned (row, group, grants) in %.1f s; applications, history,"
        + " claims and ledger (%,d + %,d + %,d + %,d rows) by COPY in %.1f s; %,d waiting instances started in %.0f s"
        + " (**%.0f instances/s**); %,d baseline instances in %.0f s (%.0f/s)%n", villages.size(), unitsSeconds,
        INSTANCES, INSTANCES, 5L * INSTANCES, 7L * INSTANCES, loadSeconds, INSTANCES, startSeconds,
        INSTANCES / startSeconds, BASELINE, baselineStartSeconds, BASELINE / baselineStartSeconds));
    notes.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));

    md.append(String.format("%n### Figure 5: Tasklist at scale%n%nThe user `%s` (group village-%s) sees %,d tasks"
        + " through 本单位待办 (asserted: exactly its village's, none of another village). %d timed"
        + " calls each after 5 warm-up calls. The tasks' creation times are spread over 60 days (mixed ages: Tasklist"
        + " sorts by creation). The figure of issue 18 is the last row: %d village users of different villages load"
        + " their page (the HAL list of 15 and the count, as Tasklist does) at the same time, %d pages each. Goal:"
        + " p95 < 200 ms.%n%n", VILLAGE_USER, DEMO_VILLAGE, visible, RUNS, USERS.size(), RUNS));
    md.append("| call | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n");
    tasklist.forEach((name, ms) -> md.append(String.format("| %s | %.0f | %.0f | %.0f |%n", name,
        percentile(ms, 50), percentile(ms, 95), Arrays.stream(ms).max().orElse(0))));
    if (pageCpu != null) {
      md.append(String.format("%nCPU of the %d users' pages: **%.1f ms per page** (the application's JVM %.1f, its"
          + " HTTP clients included; PostgreSQL %.1f): %d pages at once need at least %.0f ms of the %d cores"
          + " before any wait for the neighbours of this shared machine.%n", USERS.size(),
          pageCpu.total() * 1000, pageCpu.application() * 1000, pageCpu.postgres() * 1000, USERS.size(),
          USERS.size() * pageCpu.total() * 1000 / Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors()));
    }
    if (!tasklistStatements.isEmpty()) {
      md.append("\nMost database time behind the HAL page (pg_stat_statements):\n\n").append(tasklistStatements);
    }
    md.append("\nPlan of the engine's own statement for this list, sorted by creation as Tasklist asks, with its"
        + " authorization check (EXPLAIN ANALYZE, on the application's connection settings):\n\n```\n")
        .append(taskPlan).append("\n```\n");

    if (storm != null) {
      md.append(String.format("%n### Figure 4: overdue storm%n%nWhat it measures since the reshaped models (issues 16,"
          + " 17): %,d overdue collection timers (Timer_CollectionOverdue, the boundary timer of 申请人领卡) due at once;"
          + " each interrupts its collection (the task and the reminder loop's timer go), puts the card into its"
          + " village's recovery box of the day (the first card of a village opens the box: a card-shipment instance"
          + " started by message, waiting for the box to close at 17:00) and ends the instance (status RECOVERED);"
          + " against as many timers of a minimal process (start → timer → end)."
          + " Goal: storm ≥ 0.8 × baseline.", INSTANCES)
          + String.format(" Extra indexes (experiment,"
          + " `-Dstorm.benchmark.indexes=true`: act_ru_job (lock_exp_time_) where lock_owner_ is not null; act_ru_task"
          + " (parent_task_id_)): %s.%n%n", INDEXES ? "**yes**" : "no"));
      md.append("| drain | jobs | wall s (due → none left) | jobs/s | first → last success s (job log) | jobs/s |"
          + " commits/job |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (var e : Map.of("baseline: minimal timer (start → timer → end)", baseline,
          "storm: Timer_CollectionOverdue → the card into its village's recovery box of the day → end", storm)
          .entrySet().stream()
          .sorted(Map.Entry.comparingByKey()).toList()) {
        Drain d = e.getValue();
        md.append(String.format("| %s | %,d | %.1f | %.0f | %.1f | %.0f | %.2f |%n", e.getKey(), d.jobs(),
            d.wallSeconds(), d.rate(), d.logSeconds(), d.logRate(), (double) d.commits() / d.jobs()));
      }
      md.append(String.format("%n**Ratio storm/baseline: %.2f** (wall), %s (job log span).%n", storm.rate()
          / baseline.rate(), Double.isNaN(storm.logRate()) ? "– (no successful runs in the job log)"
          : String.format("%.2f", storm.logRate() / baseline.logRate())));
      md.append("\nWhere the work goes: rows written per fired job, by table (PostgreSQL's n_tup_ins/upd/del"
          + " during the drain, divided by the jobs):\n\n| table | baseline ins/upd/del | storm ins/upd/del |\n"
          + "|---|---:|---:|\n");
      List<String> tables = new ArrayList<>(storm.rows().keySet());
      baseline.rows().keySet().stream().filter(t -> !tables.contains(t)).forEach(tables::add);
      tables.sort(String::compareTo);
      double[] totals = new double[2];
      for (String t : tables) {
        long[] b = baseline.rows().getOrDefault(t, new long[3]);
        long[] s = storm.rows().getOrDefault(t, new long[3]);
        totals[0] += (double) (b[0] + b[1] + b[2]) / baseline.jobs();
        totals[1] += (double) (s[0] + s[1] + s[2]) / storm.jobs();
        md.append(String.format("| %s | %s | %s |%n", t, perJob(b, baseline.jobs()), perJob(s, storm.jobs())));
      }
      md.append(String.format("| **all** | %.1f | %.1f |%n", totals[0], totals[1]));
      md.append("\nThe job executor's acquisition query (its PostgreSQL form, LIMIT maxJobsPerAcquisition), 30 s into"
          + " each drain (EXPLAIN ANALYZE):\n\nbaseline:\n\n```\n").append(baseline.acquisitionPlan())
          .append("\n```\n\nstorm:\n\n```\n").append(storm.acquisitionPlan()).append("\n```\n");
    }
    Files.writeString(results, md.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.print(md);
    String run = "storm " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", src/benchmark/storm-tasklist-results.md";
    double[] page = tasklist.entrySet().stream().filter(e -> e.getKey().contains("village users at once"))
        .findFirst().orElseThrow().getValue();
    double p95 = percentile(page, 95);
    Summary.put(Summary.TASKLIST, p95, "< 200", p95 < 200 && INSTANCES >= 100_000, run, command());
    if (storm != null) {
      double ratio = storm.rate() / baseline.rate();
      Summary.put(Summary.STORM, ratio, "≥ 0.8 (wall-clock jobs/s ratio in one run)", ratio >= 0.8
          && INSTANCES >= 100_000, run, command());
    }
  }

  private static String command() {
    return "mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=OverdueStormBenchmark"
        + (INSTANCES == 100_000 ? "" : " -Dstorm.benchmark.instances=" + INSTANCES)
        + (BASELINE == INSTANCES ? "" : " -Dstorm.benchmark.baseline=" + BASELINE)
        + (INDEXES ? " -Dstorm.benchmark.indexes=true" : "") + (DRAIN ? "" : " -Dstorm.benchmark.drain=false")
        + PostgresServer.settingsFlag();
  }

  private static String perJob(long[] rows, int jobs) {
    return String.format("%.2f / %.2f / %.2f", (double) rows[0] / jobs, (double) rows[1] / jobs,
        (double) rows[2] / jobs);
  }

  private static String jobExecutor(ProcessEngineConfigurationImpl config) {
    JobExecutor je = config.getJobExecutor();
    StringBuilder s = new StringBuilder(je.getClass().getSimpleName());
    if (je instanceof SpringJobExecutor spring && spring.getTaskExecutor() instanceof ThreadPoolTaskExecutor pool) {
      s.append(String.format(" (threads: core %d, max %d, queue %d)", pool.getCorePoolSize(), pool.getMaxPoolSize(),
          pool.getQueueCapacity()));
    }
    s.append(String.format(", maxJobsPerAcquisition %d, waitTimeInMillis %d, maxWait %d, backoffTimeInMillis %d,"
        + " lockTimeInMillis %d, preferTimerJobs %s, acquireByDueDate %s, acquireByPriority %s",
        je.getMaxJobsPerAcquisition(), je.getWaitTimeInMillis(), je.getMaxWait(), je.getBackoffTimeInMillis(),
        je.getLockTimeInMillis(), config.isJobExecutorPreferTimerJobs(), config.isJobExecutorAcquireByDueDate(),
        config.isJobExecutorAcquireByPriority()));
    return s.toString();
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static String number(int i) {
    return PREFIX + String.format("%08d", i);
  }

  private static String card(int i) {
    return "S" + (200_000_000 + i);
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static String ts(Instant instant) {
    return TS.format(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
  }


}
