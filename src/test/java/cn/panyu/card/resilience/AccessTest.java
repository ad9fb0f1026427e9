package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Who may see and do what over HTTP: a unit never reaches another unit's tasks, instances, variables,
 * history, applications or batch files; anonymous requests are refused except on the public pages; ID
 * numbers and phones never appear in full in the log; the webapps keep their CSRF protection.
 */
@H2Test
class AccessTest extends IndividualSteps {

  static final AtomicInteger probes = new AtomicInteger();
  static final AtomicInteger anonymousRefused = new AtomicInteger();
  static final AtomicInteger logLinesChecked = new AtomicInteger();

  @Autowired TestRestTemplate http;
  @Autowired TaskService taskService;
  @Autowired ProcessEngine engine;
  private final ObjectMapper json = new ObjectMapper();


  @AfterAll
  static void writeFigures() {
    var f = ResilienceResults.figures();
    f.put("cross-unit requests tried (engine-rest and api), all refused or empty", probes.get());
    f.put("anonymous requests tried, all 401", anonymousRefused.get());
    f.put("log lines checked for full ID numbers and phones (none found)", logLinesChecked.get());
    ResilienceResults.write("access", "Access (AccessTest, NonDemoProfileTest, mvn -B verify)", f);
  }

  @Test
  void aVillageNeverReachesAnotherVillagesApplication() throws Exception {
    // started as Tasklist does it (the start form), so that it waits at the village's upload task
    Map<String, Object> variables = new LinkedHashMap<>();
    individual("440113007901").forEach((k, v) -> variables.put(k, Map.of("value", v, "type", "String")));
    ResponseEntity<String> started = exchange("village", HttpMethod.POST,
        "/engine-rest/process-definition/key/individual-issuance/submit-form", Map.of("variables", variables));
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    String pi = json.readTree(started.getBody()).get("id").asText();
    // and one registered over the API (stored at once, waiting for its submission)
    JsonNode registered = register("village", "440113007901", TestApplicants.panyu());
    String number = registered.get("applicationNumber").asText();
    String pi2 = registered.get("processInstanceId").asText();
    String taskId = task(pi, "Task_UploadScan").getId();

    // the owner sees it (so that the refusals below mean something)
    assertThat(list("village", "/engine-rest/task?processInstanceId=" + pi)).hasSize(1);
    assertThat(get("village", "/api/applications/" + number).getStatusCode().value()).isEqualTo(200);
    assertThat(list("village", "/engine-rest/history/process-instance?processInstanceId=" + pi2)).hasSize(1);

    assertThat(list("village", "/engine-rest/history/variable-instance?processInstanceId=" + pi2)).isNotEmpty();

    for (String other : List.of("village2", "school", "gov-inst", "nancun")) {
      emptyOrRefused(other, "/engine-rest/process-instance/" + pi2);
      emptyOrRefused(other, "/engine-rest/process-instance/" + pi2 + "/variables");
      emptyOrRefused(other, "/engine-rest/history/variable-instance?processInstanceId=" + pi2);
      emptyOrRefused(other, "/engine-rest/history/process-instance?processInstanceId=" + pi2);
      emptyOrRefused(other, "/engine-rest/task?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/task/" + taskId);
      emptyOrRefused(other, "/engine-rest/task/" + taskId + "/variables");
      emptyOrRefused(other, "/engine-rest/task/" + taskId + "/form-variables");
      emptyOrRefused(other, "/engine-rest/process-instance?processInstanceIds=" + pi);
      emptyOrRefused(other, "/engine-rest/process-instance/" + pi);
      emptyOrRefused(other, "/engine-rest/process-instance/" + pi + "/variables");
      emptyOrRefused(other, "/engine-rest/variable-instance?processInstanceIdIn=" + pi);
      emptyOrRefused(other, "/engine-rest/history/process-instance?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/history/variable-instance?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/history/detail?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/history/task?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/history/activity-instance?processInstanceId=" + pi);
      emptyOrRefused(other, "/api/applications/" + number);
      // nor may it act on it
      refused(exchange(other, HttpMethod.POST, "/engine-rest/task/" + taskId + "/complete", Map.of()));
      refused(exchange(other, HttpMethod.POST, "/engine-rest/task/" + taskId + "/claim", Map.of("userId", other)));
      refused(exchange(other, HttpMethod.PUT, "/engine-rest/process-instance/" + pi + "/variables/x",
          Map.of("value", "1", "type", "String")));
      refused(exchange(other, HttpMethod.DELETE, "/engine-rest/process-instance/" + pi, null));
      refused(exchange(other, HttpMethod.POST, "/api/individual-applications", individual("440113007901")));
    }
    assertThat(taskService.createTaskQuery().taskId(taskId).count()).as("task untouched").isEqualTo(1);
  }

  @Test
  void aTownStartsItsSubmissionAVillageCannot() {
    Map<String, Object> start = Map.of("variables", Map.of("townCode", Map.of("value", "440113007"),
        "startedBy", Map.of("value", "shiqiao")));
    String path = "/engine-rest/process-definition/key/town-submission/start";
    ResponseEntity<String> town = exchange("shiqiao", HttpMethod.POST, path, start);
    assertThat(town.getStatusCode().value()).as(town.getBody()).isEqualTo(200);
    refused(exchange("village", HttpMethod.POST, path, start));
    refused(exchange("school", HttpMethod.POST, path, start));
  }

  @Test
  void anInstitutionNeverReachesAnotherInstitutionsBatch() throws Exception {
    // gov-inst's batch with one bad row, so that there is an error report
    String id = TestApplicants.panyu();
    String csv = "银行,姓名,性别,身份证号,联系电话,工作证号,户籍类别\r\n中国工商银行,张三,男," + id
        + ",13800138000,W1,户籍\r\n中国工商银行,李四,男,12345,13800138000,W2,户籍\r\n";
    var body = new org.springframework.util.LinkedMultiValueMap<String, Object>();
    body.add("file", new org.springframework.core.io.ByteArrayResource(csv.getBytes("UTF-8")) {
      @Override
      public String getFilename() {
        return "名单.csv";
      }
    });
    body.add("institutionCode", "panyu-cdc");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<String> up = http.withBasicAuth("gov-inst", "demo").postForEntity("/api/collective-batches",
        new HttpEntity<>(body, headers), String.class);
    assertThat(up.getStatusCode().value()).as(up.getBody()).isEqualTo(201);
    JsonNode batch = json.readTree(up.getBody());
    String number = batch.get("batchNumber").asText();
    String pi = batch.get("processInstanceId").asText();
    assertThat(get("gov-inst", "/api/collective-batches/" + number + "/error-report").getStatusCode().value())
        .isEqualTo(200);

    for (String other : List.of("school", "village", "shiqiao")) {
      emptyOrRefused(other, "/api/collective-batches/" + number + "/error-report");
      emptyOrRefused(other, "/api/collective-batches/" + number + "/error-report?format=csv");
      emptyOrRefused(other, "/engine-rest/process-instance/" + pi);
      emptyOrRefused(other, "/engine-rest/task?processInstanceId=" + pi);
      emptyOrRefused(other, "/engine-rest/history/variable-instance?processInstanceId=" + pi);
      refused(exchange(other, HttpMethod.POST, "/api/collective-batches", new HttpEntity<>(body, headers)));
    }
  }

  @Test
  void anonymousRequestsAreRefusedExceptThePublicPages() {
    List<String> closed = List.of("/engine-rest/task", "/engine-rest/process-instance", "/engine-rest/incident",
        "/engine-rest/history/process-instance", "/engine-rest/user", "/engine-rest/deployment",
        "/api/applications/IND-1", "/api/reports/custody", "/api/org-units",
        "/api/collective-batches/B1/error-report", "/camunda/api/engine/engine/default/task",
        "/camunda/api/cockpit/plugin/base/default/process-definition/statistics", "/actuator/metrics",
        "/actuator/env", "/actuator/beans", "/actuator/prometheus");
    for (String path : closed) {
      int status = http.getForEntity(path, String.class).getStatusCode().value();
      assertThat(status).as("anonymous GET %s", path).isIn(401, 404);
      if (path.startsWith("/actuator/") && status == 404) {
        continue; // not exposed at all
      }
      assertThat(status).as("anonymous GET %s", path).isEqualTo(401);
      anonymousRefused.incrementAndGet();
    }
    for (String path : List.of("/api/individual-applications", "/api/collective-batches",
        "/engine-rest/process-definition/key/individual-issuance/start")) {
      assertThat(http.postForEntity(path, Map.of(), String.class).getStatusCode().value())
          .as("anonymous POST %s", path).isEqualTo(401);
      anonymousRefused.incrementAndGet();
    }
    // the public pages stay open
    assertThat(http.getForEntity("/status/", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.getForEntity("/camunda/app/welcome/default/", String.class).getStatusCode().value())
        .isEqualTo(200);
    assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.postForEntity("/api/public/application-status", Map.of("idNumber", "1"), String.class)
        .getStatusCode().value()).isNotEqualTo(401);
  }

  @Test
  void theWebappsRefuseAChangeWithoutTheCsrfToken() {
    // "default" in production; in tests each context's engine has a name of its own, which the webapps use
    String engineName = engine.getName();
    // a browser session: the page sets the token cookie, the login sends it back as a header
    ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/" + engineName + "/", String.class);
    Map<String, String> cookies = cookies(page, new LinkedHashMap<>());
    HttpHeaders login = browser(cookies, true);
    login.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    ResponseEntity<String> loggedIn = http.exchange("/camunda/api/admin/auth/user/" + engineName + "/login/tasklist",
        HttpMethod.POST, new HttpEntity<>("username=village&password=demo", login), String.class);
    assertThat(loggedIn.getStatusCode().value()).as(loggedIn.getBody()).isEqualTo(200);
    cookies(loggedIn, cookies);
    // the new session gets its own token with the next read, as the webapp's next page load does
    ResponseEntity<String> me = http.exchange("/camunda/api/admin/auth/user/" + engineName, HttpMethod.GET,
        new HttpEntity<>(browser(cookies, false)), String.class);
    cookies(me, cookies);
    if (me.getHeaders().getFirst("X-XSRF-TOKEN") != null) {
      cookies.put("XSRF-TOKEN", me.getHeaders().getFirst("X-XSRF-TOKEN"));
    }

    String query = "/camunda/api/engine/engine/" + engineName + "/task";
    HttpHeaders withToken = browser(cookies, true);
    withToken.setContentType(MediaType.APPLICATION_JSON);
    assertThat(http.exchange(query, HttpMethod.POST, new HttpEntity<>("{}", withToken), String.class)
        .getStatusCode().value()).as("with the token").isEqualTo(200);
    HttpHeaders withoutToken = browser(cookies, false);
    withoutToken.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> refused = http.exchange(query, HttpMethod.POST, new HttpEntity<>("{}", withoutToken),
        String.class);
    assertThat(refused.getStatusCode().value()).as("without the token").isEqualTo(403);
    assertThat(refused.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");
  }

  private static Map<String, String> cookies(ResponseEntity<?> answer, Map<String, String> jar) {
    List<String> set = answer.getHeaders().get(HttpHeaders.SET_COOKIE);
    if (set != null) {
      for (String c : set) {
        String pair = c.split(";", 2)[0];
        jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return jar;
  }

  private static HttpHeaders browser(Map<String, String> cookies, boolean token) {
    HttpHeaders h = new HttpHeaders();
    h.add(HttpHeaders.COOKIE, String.join("; ", cookies.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    if (token) {
      h.add("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    }
    return h;
  }

  @Test
  void noFullIdNumberOrPhoneInTheLogs() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    Logger own = (Logger) LoggerFactory.getLogger("cn.panyu");
    Level ownLevel = own.getLevel();
    own.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        String id = TestApplicants.panyu();
        String phone = "1390000" + String.format("%04d", 1234 + i);
        secrets.add(id);
        secrets.add(phone);
        Map<String, Object> v = individual("440113007901");
        v.put("idNumber", id);
        v.put("phone", phone);
        ResponseEntity<String> r = exchange("village", HttpMethod.POST, "/api/individual-applications", v);
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(201);
        // the same person again: refused (ALREADY_APPLIED), which is logged as well
        exchange("village2", HttpMethod.POST, "/api/individual-applications", individual("440113007902"));
        Map<String, Object> again = individual("440113007901");
        again.put("idNumber", id);
        exchange("village", HttpMethod.POST, "/api/individual-applications", again);
      }
      // one the centre finds ineligible (it logs the reason)
      String outside = TestApplicants.outsideGuangzhou();
      secrets.add(outside);
      Map<String, Object> v = individual("440113007901");
      v.put("idNumber", outside);
      v.put("photoSource", "POLICE");
      exchange("village", HttpMethod.POST, "/api/individual-applications", v);
      // the submission to the centre, its callbacks and the poll
      submitTown(true);
      // and one that looks up its status on the public page
      http.postForEntity("/api/public/application-status", Map.of("idNumber", secrets.get(0)), String.class);
    } finally {
      root.detachAppender(appender);
      root.setLevel(rootLevel);
      own.setLevel(ownLevel);
    }
    assertThat(appender.list).isNotEmpty();
    for (ILoggingEvent e : appender.list) {
      String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
          : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      for (String secret : secrets) {
        assertThat(text).as("log line of %s", e.getLoggerName()).doesNotContain(secret);
      }
      logLinesChecked.incrementAndGet();
    }
  }

  // ---- helpers ----

  private Map<String, Object> individual(String village) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", "测试申请人");
    v.put("gender", "男");
    v.put("idNumber", TestApplicants.panyu());
    v.put("phone", "13800138000");
    v.put("bank", "中国工商银行");
    v.put("residency", "户籍");
    v.put("villageCode", village);
    v.put("photoSource", "STUDIO");
    v.put("studioReceipt", "ZX-2013-0042");
    return v;
  }

  private JsonNode register(String user, String village, String idNumber) throws Exception {
    Map<String, Object> v = individual(village);
    v.put("idNumber", idNumber);
    ResponseEntity<String> r = exchange(user, HttpMethod.POST, "/api/individual-applications", v);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(201);
    return json.readTree(r.getBody());
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private ResponseEntity<String> exchange(String user, HttpMethod method, String path, Object body) {
    HttpEntity<?> entity = body instanceof HttpEntity<?> e ? e : new HttpEntity<>(body);
    return http.withBasicAuth(user, "demo").exchange(path, method, entity, String.class);
  }

  private JsonNode list(String user, String path) throws Exception {
    ResponseEntity<String> r = get(user, path);
    assertThat(r.getStatusCode().value()).as("%s %s: %s", user, path, r.getBody()).isEqualTo(200);
    return json.readTree(r.getBody());
  }

  /** 403/404, or 200 with nothing in it: never the other unit's data. */
  private void emptyOrRefused(String user, String path) throws Exception {
    probes.incrementAndGet();
    ResponseEntity<String> r = get(user, path);
    int status = r.getStatusCode().value();
    if (status == 200) {
      JsonNode body = json.readTree(r.getBody());
      assertThat(body.isArray() && body.isEmpty()).as("%s GET %s answered %s", user, path, r.getBody()).isTrue();
    } else {
      assertThat(status).as("%s GET %s: %s", user, path, r.getBody()).isIn(403, 404);
    }
  }

  private void refused(ResponseEntity<String> r) {
    probes.incrementAndGet();
    assertThat(r.getStatusCode().value()).as(r.getBody()).isIn(400, 403, 404, 422);
    assertThat(r.getStatusCode().is2xxSuccessful()).isFalse();
  }
}
