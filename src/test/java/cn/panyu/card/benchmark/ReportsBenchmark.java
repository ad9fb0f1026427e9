package cn.panyu.card.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.reports.Bulletins;
import cn.panyu.card.support.PostgresTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Report speed with the campaign's full size on the embedded PostgreSQL of the tests: 616,000 applications
 * with their status history and the card movements of every card made, loaded with COPY; then each report
 * endpoint is called over HTTP (as a leader) {@code runs} times after two warm-up calls. Not a test: run it
 * with
 *
 * <pre>mvn -B -o test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=ReportsBenchmark</pre>
 *
 * ({@code -Dreports.benchmark.applications=100000 -Dreports.benchmark.runs=10} for a smaller run). Appends its
 * figures and the PostgreSQL plans of the main queries to src/benchmark/reports-results.md.
 */
@PostgresTest
@Tag("benchmark")
@TestPropertySource(properties = "logging.level.cn.panyu.card=warn")
class ReportsBenchmark {

  private static final int APPLICATIONS = Integer.getInteger("reports.benchmark.applications", 616_000);
  private static final int RUNS = Integer.getInteger("reports.benchmark.runs", 20);
  private static final int CHUNK = 50_000;
  private static final String[] CHAIN = {"REGISTERED", "SUBMITTED", "CARD_MADE", "IN_TRANSIT", "AT_ISSUING_UNIT",
      "ISSUED", "ACTIVATED"};

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired Bulletins bulletins;

  private final List<String> villages = new ArrayList<>();
  private final List<String> villageTowns = new ArrayList<>();
  private final List<String> institutions = new ArrayList<>();
  private final List<String> institutionDepartments = new ArrayList<>();
  private final Instant now = Instant.now();
  private long events;
  private long movements;
  private final String loadAtStart = Machine.loadAverage();

  @Test
  void reportsOnTheCampaignsFullSize() throws Exception {
    long t0 = System.nanoTime();
    units();
    load();
    // the state autovacuum keeps a live database in: statistics and the visibility map current
    jdbc.execute("vacuum (freeze, analyze) application");
    jdbc.execute("vacuum (freeze, analyze) application_event");
    jdbc.execute("vacuum (freeze, analyze) card_movement");
    // where each card is now, as CustodyLedger keeps it with every movement (V30)
    jdbc.execute("insert into card_location (card_number, seq, application_number, kind, from_location, to_location,"
        + " handover_id, at) select distinct on (card_number) card_number, seq, application_number, kind, from_location,"
        + " to_location, handover_id, at from card_movement order by card_number, seq desc");
    jdbc.execute("vacuum (freeze, analyze) card_location");
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    leader();
    bulletins.build(null);
    long published = jdbc.queryForObject("select max(id) from report_bulletin", Long.class);
    jdbc.update("update report_bulletin set status = 'PUBLISHED', published_at = now() where id = ?", published);

    LocalDate today = LocalDate.now();
    LocalDate monthStart = today.minusMonths(1).withDayOfMonth(1);
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("progress", "/api/reports/progress");
    endpoints.put("custody", "/api/reports/custody");
    endpoints.put("subsidy, one month (JSON)", "/api/reports/subsidy?from=" + monthStart + "&to="
        + monthStart.plusMonths(1).minusDays(1));
    endpoints.put("subsidy, whole campaign (JSON)", "/api/reports/subsidy?to=" + today);
    endpoints.put("subsidy, whole campaign (XLSX)", "/api/reports/subsidy?to=" + today + "&format=xlsx");
    endpoints.put("subsidy, whole campaign (CSV)", "/api/reports/subsidy?to=" + today + "&format=csv");
    endpoints.put("published bulletins (list)", "/api/reports/bulletins");
    endpoints.put("bulletin chart (PNG)", "/api/reports/bulletins/" + published + "/chart.png");
    Map<String, double[]> timings = new LinkedHashMap<>();
    for (var e : endpoints.entrySet()) {
      timings.put(e.getKey(), time(e.getValue()));
    }
    double[] build = new double[5];
    for (int i = 0; i < build.length; i++) {
      long s = System.nanoTime();
      bulletins.build(null);
      build[i] = (System.nanoTime() - s) / 1e6;
    }
    write(loadSeconds, timings, build, plans(monthStart));
    // the goal is a figure of the results (issue 18), not an assertion: a slow neighbour must not fail the run
    double custody = percentile(timings.get("custody"), 95);
    Summary.put(Summary.CUSTODY, custody, "< 1000", custody < 1000 && APPLICATIONS >= 616_000,
        "reports " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", src/benchmark/reports-results.md", command());
  }

  // ------------------------------------------------------------------------------------------ data

  private void units() {
    List<String> towns = jdbc.queryForList("select code from org_unit where type = 'TOWN' order by code", String.class);
    List<Object[]> rows = new ArrayList<>();
    for (String town : towns) {
      for (int v = 1; v <= 19; v++) {
        String code = "bv" + town + "-" + v;
        rows.add(new Object[] {code, "基准村" + v, "VILLAGE", town, "village-" + code});
        villages.add(code);
        villageTowns.add(town);
      }
    }
    for (int d = 1; d <= 10; d++) {
      String dept = "bd" + d;
      rows.add(new Object[] {dept, "基准部门" + d, "DEPARTMENT", null, "department-" + dept});
      for (int i = 1; i <= 30; i++) {
        String code = "bi" + d + "-" + i;
        rows.add(new Object[] {code, "基准单位" + d + "-" + i, "INSTITUTION", dept, "institution-" + code});
        institutions.add(code);
        institutionDepartments.add(dept);
      }
    }
    // departments first: institutions refer to them
    rows.sort((a, b) -> Boolean.compare("INSTITUTION".equals(a[2]), "INSTITUTION".equals(b[2])));
    jdbc.batchUpdate("insert into org_unit (code, name, type, parent_code, group_id) values (?, ?, ?, ?, ?)", rows);
  }

  /** COPY of applications, their events and their cards' movements, in chunks. */
  private void load() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (int from = 0; from < APPLICATIONS; from += CHUNK) {
        StringBuilder apps = new StringBuilder();
        StringBuilder evs = new StringBuilder();
        StringBuilder moves = new StringBuilder();
        for (int i = from; i < Math.min(APPLICATIONS, from + CHUNK); i++) {
          generate(i, apps, evs, moves);
        }
        copy.copyIn("copy application (application_number, mode, status, unit_code, name, gender, id_number, bank,"
            + " residency, card_number, created_at, updated_at) from stdin", new StringReader(apps.toString()));
        copy.copyIn("copy application_event (application_number, at, status, actor) from stdin",
            new StringReader(evs.toString()));
        copy.copyIn("copy card_movement (card_number, seq, application_number, at, from_location, to_location, kind)"
            + " from stdin", new StringReader(moves.toString()));
      }
    }
  }

  private void generate(int i, StringBuilder apps, StringBuilder evs, StringBuilder moves) {
    boolean individual = i % 10 < 7;
    int u = individual ? i % villages.size() : i % institutions.size();
    String unit = individual ? villages.get(u) : institutions.get(u);
    String middle = individual ? "TOWN:" + villageTowns.get(u) : "DEPARTMENT:" + institutionDepartments.get(u);
    String issuing = (individual ? "VILLAGE:" : "INSTITUTION:") + unit;
    int h = (int) ((i * 7919L) % 100);
    String status = h < 2 ? "REJECTED" : h < 6 ? "INELIGIBLE" : h < 7 ? "WITHDRAWN" : h < 11 ? "REGISTERED"
        : h < 19 ? "SUBMITTED" : h < 24 ? "CARD_MADE" : h < 29 ? "IN_TRANSIT" : h < 39 ? "AT_ISSUING_UNIT"
        : h < 40 ? "RECOVERED" : h < 80 ? "ISSUED" : "ACTIVATED";
    String number = "BM" + i;
    Instant registered = now.minus(250 - (i % 200), ChronoUnit.DAYS).minus(i % 1440, ChronoUnit.MINUTES);
    boolean made = List.of("CARD_MADE", "IN_TRANSIT", "AT_ISSUING_UNIT", "RECOVERED", "ISSUED", "ACTIVATED")
        .contains(status);
    String card = made ? "C" + (100_000_000 + i) : null;
    String ts = ts(registered);
    String lastChange = ts(registered.plus(10L * (chainLength(status) - 1), ChronoUnit.DAYS));
    apps.append(number).append('\t').append(individual ? "INDIVIDUAL" : "COLLECTIVE").append('\t').append(status)
        .append('\t').append(unit).append("\t基准\t男\t").append(String.format("%018d", i))
        .append("\t工商银行\t户籍\t").append(card == null ? "\\N" : card).append('\t').append(ts).append('\t')
        .append(lastChange).append('\n');
    // the status history up to the current status, one step every ten days
    List<String> steps = new ArrayList<>();
    switch (status) {
      case "REJECTED" -> steps.addAll(List.of("REGISTERED", "REJECTED"));
      case "INELIGIBLE" -> steps.addAll(List.of("REGISTERED", "SUBMITTED", "INELIGIBLE"));
      case "WITHDRAWN" -> steps.addAll(List.of("REGISTERED", "SUBMITTED", "INELIGIBLE", "WITHDRAWN"));
      case "RECOVERED" -> {
        steps.addAll(Arrays.asList(CHAIN).subList(0, 5));
        steps.add("RECOVERED");
      }
      default -> steps.addAll(Arrays.asList(CHAIN).subList(0, Arrays.asList(CHAIN).indexOf(status) + 1));
    }
    for (int s = 0; s < steps.size(); s++) {
      evs.append(number).append('\t').append(ts(registered.plus(10L * s, ChronoUnit.DAYS))).append('\t')
          .append(steps.get(s)).append("\tbench\n");
      events++;
    }
    if (!made) {
      return;
    }
    // the card's way down the chain, and back up for a recovered one
    int seq = 0;
    Instant at = registered.plus(20, ChronoUnit.DAYS);
    seq = move(moves, card, seq, number, at, null, "CITY_CENTRE", "MADE");
    if (status.equals("CARD_MADE")) {
      return;
    }
    seq = move(moves, card, seq, number, at, "CITY_CENTRE", "DISTRICT_CARD_OFFICE", "HANDED_OVER");
    seq = move(moves, card, seq, number, at, "CITY_CENTRE", "DISTRICT_CARD_OFFICE", "RECEIVED");
    seq = move(moves, card, seq, number, at, "DISTRICT_CARD_OFFICE", middle, "HANDED_OVER");
    if (status.equals("IN_TRANSIT")) {
      return;
    }
    seq = move(moves, card, seq, number, at, "DISTRICT_CARD_OFFICE", middle, "RECEIVED");
    seq = move(moves, card, seq, number, at, middle, issuing, "HANDED_OVER");
    seq = move(moves, card, seq, number, at, middle, issuing, "RECEIVED");
    if (status.equals("ISSUED") || status.equals("ACTIVATED")) {
      move(moves, card, seq, number, at, issuing, "HOLDER", "ISSUED");
    } else if (status.equals("RECOVERED")) {
      seq = move(moves, card, seq, number, at, issuing, middle, "HANDED_OVER");
      seq = move(moves, card, seq, number, at, issuing, middle, "RECOVERED");
      if (i % 2 == 0) {
        move(moves, card, seq, number, at, middle, "RETURNED", "RETURNED");
      }
    }
  }

  /** How many status events the history of an application in this status has. */
  private static int chainLength(String status) {
    return switch (status) {
      case "REJECTED" -> 2;
      case "INELIGIBLE" -> 3;
      case "WITHDRAWN" -> 4;
      case "RECOVERED" -> 6;
      default -> Arrays.asList(CHAIN).indexOf(status) + 1;
    };
  }

  private int move(StringBuilder moves, String card, int seq, String application, Instant at, String from, String to,
      String kind) {
    moves.append(card).append('\t').append(seq + 1).append('\t').append(application).append('\t')
        .append(ts(at.plus(seq, ChronoUnit.DAYS))).append('\t').append(from == null ? "\\N" : from).append('\t')
        .append(to).append('\t').append(kind).append('\n');
    movements++;
    return seq + 1;
  }

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static String ts(Instant instant) {
    return TS.format(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
  }

  private void leader() {
    if (identity.createUserQuery().userId("benchleader").count() == 0) {
      User user = identity.newUser("benchleader");
      user.setPassword("secret");
      user.setFirstName("bench");
      user.setLastName("基准");
      identity.saveUser(user);
      identity.createMembership("benchleader", "leaders");
    }
  }

  // ------------------------------------------------------------------------------------------ timing

  private double[] time(String url) {
    for (int i = 0; i < 2; i++) {
      call(url);
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long s = System.nanoTime();
      call(url);
      ms[i] = (System.nanoTime() - s) / 1e6;
    }
    return ms;
  }

  private void call(String url) {
    ResponseEntity<byte[]> response = rest.withBasicAuth("benchleader", "secret").getForEntity(url, byte[].class);
    assertThat(response.getStatusCode()).as(url).isEqualTo(HttpStatus.OK);
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** EXPLAIN ANALYZE of the main queries, as PostgreSQL ran them here. */
  private Map<String, String> plans(LocalDate monthStart) {
    Map<String, String> plans = new LinkedHashMap<>();
    plans.put("progress", "select unit_code, mode, status, count(*) as c from application group by unit_code, mode, status");
    plans.put("overdue (individual)", "select unit_code, count(*) as c from application where status ="
        + " 'AT_ISSUING_UNIT' and mode = 'INDIVIDUAL' and updated_at < now() - interval '60 days' group by unit_code");
    String subsidy = "select a.unit_code, count(*) as c from application a where exists (select 1 from"
        + " application_event e where e.application_number = a.application_number and e.status = 'ISSUED'"
        + " and e.at >= '%s' and e.at < '%s') group by a.unit_code";
    plans.put("subsidy (one month)", String.format(subsidy, monthStart, monthStart.plusMonths(1)));
    plans.put("subsidy (whole campaign)", "select a.unit_code, count(*) as c from application a where exists"
        + " (select 1 from application_event e where e.application_number = a.application_number and e.status ="
        + " 'ISSUED' and e.at < '" + LocalDate.now().plusDays(1) + "') group by a.unit_code");
    plans.put("custody: made", "select count(*) from card_movement where kind = 'MADE'");
    plans.put("custody: where each card is now (card_location)", "select kind, to_location, count(*) as c from"
        + " card_location group by kind, to_location");
    Map<String, String> result = new LinkedHashMap<>();
    plans.forEach((name, sql) -> result.put(name, String.join("\n",
        jdbc.queryForList("explain (analyze, costs off) " + sql, String.class))));
    return result;
  }

  private static String command() {
    return "mvn -B test -Dgroups=benchmark -Dsurefire.excludedGroups= -Dtest=ReportsBenchmark"
        + (APPLICATIONS == 616_000 ? "" : " -Dreports.benchmark.applications=" + APPLICATIONS)
        + cn.panyu.card.support.PostgresServer.settingsFlag();
  }

  private void write(double loadSeconds, Map<String, double[]> timings, double[] build, Map<String, String> plans)
      throws IOException {
    Path results = Path.of("src/benchmark/reports-results.md");
    Files.createDirectories(results.getParent());
    StringBuilder md = new StringBuilder();
    if (!Files.exists(results)) {
      md.append("# Reports benchmark\n\nEvery report endpoint called over HTTP (HTTP Basic as a leader, JSON or file"
          + " body read whole) on the embedded PostgreSQL 16 of the tests (fsync off), with the campaign's full"
          + " size loaded by COPY: applications (70 % individual in 304 villages, 30 % collective in 300"
          + " institutions; 81 % with a card made, 60 % issued), their status history and the ledger movements of"
          + " every card made. Two warm-up calls, then p50/p95 over the runs. The metrics' background refresh"
          + " (every 30 s) runs meanwhile, as in production.\n");
    }
    md.append("\n## ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
    md.append("- machine: ").append(Machine.describe(jdbc.queryForObject("show server_version", String.class)))
        .append("; load average at the start ")
        .append(loadAtStart).append(", at the end ").append(Machine.loadAverage()).append(" (the machine is shared)\n");
    md.append("- command: `").append(command()).append("`\n");
    md.append(String.format("- data: %,d applications, %,d status events, %,d card movements; generated, loaded"
        + " and analysed in %.0f s%n", APPLICATIONS, events, movements, loadSeconds));
    md.append(String.format("- runs per endpoint: %d%n%n", RUNS));
    md.append("| report | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n");
    timings.forEach((name, ms) -> md.append(String.format("| %s | %.0f | %.0f | %.0f |%n", name,
        percentile(ms, 50), percentile(ms, 95), Arrays.stream(ms).max().orElse(0))));
    md.append(String.format("| (building a bulletin: XLSX + chart + rows, %d runs; not a request) | %.0f | %.0f |"
        + " %.0f |%n", build.length, percentile(build, 50), percentile(build, 95),
        Arrays.stream(build).max().orElse(0)));
    md.append("\nPlans (EXPLAIN ANALYZE):\n");
    plans.forEach((name, plan) -> md.append("\n").append(name).append(":\n\n```\n").append(plan).append("\n```\n"));
    Files.writeString(results, md.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
