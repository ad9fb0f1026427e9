package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.engine.SharedRestObjectMapper;
import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The engine's REST API as a second door (issue 20): through /engine-rest (HTTP Basic) and the webapps'
 * /camunda/api/engine (Tasklist's session), staff start and complete work only for their own unit, set only
 * what the step's form offers, and reach only the resources Tasklist and Cockpit use.
 */
@H2Test
class EngineRestGuardTest extends IndividualSteps {

  private static final String OTHER_VILLAGE = "440113007902";
  private static final String START = "/engine-rest/process-definition/key/individual-issuance/submit-form";

  @Autowired TestRestTemplate http;
  @Autowired ProcessEngine engine;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aVillageCannotStartARegistrationForAnotherVillage() {
    long instances = runtime.createProcessInstanceQuery().processDefinitionKey("individual-issuance").count();
    ResponseEntity<String> r = post("village", START, Map.of("variables", form(Map.of("villageCode", OTHER_VILLAGE))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(r.getBody()).contains("无权为单位 " + OTHER_VILLAGE);
    // nor by naming the other village's clerk as the one who registers (the start's initiator)
    r = post("village", START, Map.of("variables", form(Map.of("registeredBy", "village2"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("registeredBy");
    // nor set what routes the process
    r = post("village", START, Map.of("variables", form(Map.of("applicationNumber", "IND-1", "channel", "API"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("中没有");
    // nor make personal data a business key
    r = post("village", START, Map.of("variables", form(Map.of()), "businessKey", TestApplicants.panyu()));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("业务编号");
    // nor pass start options that skip the model's listeners
    r = post("village", START, Map.of("variables", form(Map.of()), "skipCustomListeners", true));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("individual-issuance").count())
        .as("no instance started").isEqualTo(instances);

    // what the start form offers, and its own village, go through
    r = post("village", START, Map.of("variables", form(Map.of("villageCode", VILLAGE))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    r = post("village", START, Map.of("variables", form(Map.of())));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
  }

  @Test
  void anInstitutionCannotStartABatchForAnotherInstitution() {
    long instances = runtime.createProcessInstanceQuery().processDefinitionKey("collective-issuance").count();
    String path = "/engine-rest/process-definition/key/collective-issuance/submit-form";
    ResponseEntity<String> r = post("school", path, Map.of("variables",
        Map.of("institutionCode", Map.of("value", "panyu-cdc"), "batchNumber", Map.of("value", "COL-1"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(r.getBody()).contains("无权为单位 panyu-cdc");
    r = post("school", path, Map.of("variables", Map.of("batchNumber", Map.of("value", "COL-1"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("collective-issuance").count())
        .isEqualTo(instances);
  }

  @Test
  void aStepSetsOnlyWhatItsFormOffers() throws Exception {
    ResponseEntity<String> started = post("village", START, Map.of("variables", form(Map.of())));
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    String pi = json.readTree(started.getBody()).get("id").asText();
    String taskId = task(pi, "Task_UploadScan").getId();
    String complete = "/engine-rest/task/" + taskId + "/submit-form";

    // the probe: villageCode on the scan task would move the application to another village
    ResponseEntity<String> r = post("village", complete, Map.of("variables",
        Map.of("registrationScan", scan(), "villageCode", Map.of("value", OTHER_VILLAGE))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    r = post("village", complete, Map.of("variables",
        Map.of("registrationScan", scan(), "villageCode", Map.of("value", VILLAGE))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    r = post("village", complete, Map.of("variables", Map.of("registrationScan", scan(),
        "intakeValid", Map.of("value", true, "type", "Boolean"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("intakeValid").contains("registrationScan");
    r = post("village", "/engine-rest/task/" + taskId + "/complete", Map.of("variables",
        Map.of("channel", Map.of("value", "API"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    // the variable endpoints of the task and of the instance
    r = exchange("village", HttpMethod.PUT, "/engine-rest/task/" + taskId + "/variables/villageCode",
        Map.of("value", OTHER_VILLAGE));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    r = exchange("village", HttpMethod.PUT, "/engine-rest/task/" + taskId + "/localVariables/idNumber",
        Map.of("value", TestApplicants.panyu()));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    r = post("village", "/engine-rest/task/" + taskId + "/variables", Map.of("deletions", List.of("villageCode")));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    r = exchange("village", HttpMethod.DELETE, "/engine-rest/task/" + taskId + "/variables/registeredBy", null);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    for (String door : List.of("/engine-rest/process-instance/" + pi, "/engine-rest/execution/" + pi)) {
      r = exchange("village", HttpMethod.PUT, door + "/variables/villageCode", Map.of("value", OTHER_VILLAGE));
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
      r = post("village", door + "/variables", Map.of("modifications", Map.of("intakeValid", Map.of("value", true))));
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    }
    r = exchange("village", HttpMethod.PUT, "/engine-rest/execution/" + pi + "/localVariables/villageCode",
        Map.of("value", OTHER_VILLAGE));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(runtime.getVariable(pi, "villageCode")).isEqualTo(VILLAGE);
    // the check's verdict decides its gateway only and is never stored (issue 18): the refused write stored nothing
    assertThat(runtime.getVariable(pi, "intakeValid")).isNull();
    assertThat(isWaitingAt(pi, "Task_UploadScan")).as("nothing moved").isTrue();

    // the form's script shows the applicant's name, and Tasklist sends it back: as it was shown only
    r = post("village", complete, Map.of("variables", Map.of("registrationScan", scan(),
        "name", Map.of("value", "另一个人"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("只读");

    // the form's own field completes the step, with what the script fetched sent back as Tasklist does
    r = post("village", complete, Map.of("variables", Map.of("registrationScan", scan(),
        "name", Map.of("value", runtime.getVariable(pi, "name")),
        "photoSource", Map.of("value", runtime.getVariable(pi, "photoSource")))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(204);
    assertThat(isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();
    assertThat(jdbc.queryForObject("select unit_code from application where process_instance_id = ?",
        String.class, pi)).isEqualTo(VILLAGE);
  }

  @Test
  void aReadOnlyFieldGoesBackOnlyAsItWasShown() {
    registerWithScan(TestApplicants.panyu());
    String sub = startTownSubmission();
    String taskId = task(sub, "Task_TownCheck").getId();
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    String complete = "/engine-rest/task/" + taskId + "/submit-form";

    ResponseEntity<String> r = post("shiqiao", complete, Map.of("variables", Map.of(
        "submissionId", Map.of("value", "SUB-OTHER"), "reviewDecision", Map.of("value", "APPROVE"))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("只读");
    // as Tasklist sends a Camunda Form: every field, the read-only ones as they were shown
    Object count = runtime.getVariable(sub, "applicationCount");
    r = post("shiqiao", complete, Map.of("variables", Map.of("submissionId", Map.of("value", submissionId),
        "townName", Map.of("value", runtime.getVariable(sub, "townName")),
        "applicationCount", Map.of("value", count), "reviewDecision", Map.of("value", "APPROVE"),
        "reviewRemarks", Map.of("value", ""))));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(204);
    assertThat(runtime.getVariable(sub, "submissionId")).isEqualTo(submissionId);
  }

  @Test
  void staffReachOnlyTheResourcesTasklistAndCockpitUse() {
    // reads and queries that Tasklist and Cockpit make
    for (String path : List.of("/engine-rest/engine", "/engine-rest/engine/", "/engine-rest/version",
        "/engine-rest/task", "/engine-rest/process-definition", "/engine-rest/filter",
        "/engine-rest/history/process-instance", "/engine-rest/engine/" + engine.getName() + "/task/count",
        "/engine-rest/authorization/check?permissionName=ACCESS&resourceName=application&resourceType=0&resourceId=tasklist")) {
      assertThat(get("cardoffice", path).getStatusCode().value()).as(path).isEqualTo(200);
    }
    assertThat(post("village", "/engine-rest/task", Map.of()).getStatusCode().value()).isEqualTo(200);
    assertThat(post("cardoffice", "/engine-rest/history/process-instance/count", Map.of()).getStatusCode().value())
        .isEqualTo(200);
    // what is not theirs to use
    for (String path : List.of("/engine-rest/authorization", "/engine-rest/tenant", "/engine-rest/schema/log",
        "/engine-rest/telemetry/configuration")) {
      ResponseEntity<String> r = get("cardoffice", path);
      assertThat(r.getStatusCode().value()).as(path).isEqualTo(403);
      assertThat(r.getBody()).contains("仅限管理员");
    }
    Map<String, Object> message = Map.of("messageName", "CardResult", "processVariables",
        Map.of("cardOutcome", Map.of("value", "MADE")));
    for (String path : List.of("/engine-rest/message", "/engine-rest/signal", "/engine-rest/task/create",
        "/engine-rest/identity/verify", "/engine-rest/history/cleanup", "/engine-rest/deployment/create",
        "/engine-rest/process-instance/delete", "/engine-rest/modification/execute",
        "/engine-rest/job/x/execute", "/engine-rest/external-task/fetchAndLock")) {
      ResponseEntity<String> r = post("cardoffice", path, message);
      assertThat(r.getStatusCode().value()).as(path).isEqualTo(403);
    }
    // a matrix parameter would make Jersey act on another id than the one checked
    assertThat(post("village", "/engine-rest/task/1;x=y/complete", Map.of()).getStatusCode().value())
        .isEqualTo(400);
    // an administrator administers
    assertThat(post("demo", "/engine-rest/history/cleanup", Map.of()).getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void aTaskIsNotHandedToAnotherUnit() {
    String pi = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    String taskId = task(pi, "Task_UploadScan").getId();
    ResponseEntity<String> r = post("village", "/engine-rest/task/" + taskId + "/identity-links",
        Map.of("groupId", "village-" + OTHER_VILLAGE, "type", "candidate"));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(tasks.getIdentityLinksForTask(taskId)).noneMatch(l -> ("village-" + OTHER_VILLAGE).equals(l.getGroupId()));
    // nor to another unit's clerk, whichever way: claimed for him, assigned, delegated, linked
    String task = "/engine-rest/task/" + taskId;
    for (String action : List.of("/claim", "/assignee", "/delegate", "/identity-links")) {
      r = post("village", task + action, Map.of("userId", "village2", "type", "assignee"));
      assertThat(r.getStatusCode().value()).as(action + ": " + r.getBody()).isEqualTo(403);
      assertThat(r.getBody()).contains("village2 不是本单位的用户");
    }
    assertThat(task(pi, "Task_UploadScan").getAssignee()).isNull();
    assertThat(tasks.getIdentityLinksForTask(taskId)).noneMatch(l -> "village2".equals(l.getUserId()));
    // its follow-up date is when the sweep escalates it: not the clerk's to move
    var followUp = task(pi, "Task_UploadScan").getFollowUpDate();
    r = exchange("village", HttpMethod.PUT, task, Map.of("name", "上传登记表扫描件", "followUp", "2099-01-01T00:00:00.000+0800"));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(task(pi, "Task_UploadScan").getFollowUpDate()).isEqualTo(followUp);
    r = post("village", task + "/claim", Map.of("userId", "village"));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(204);
  }

  @Test
  void tasklistsSessionDoorIsGuardedToo() {
    // "default" in production; a test context's engine may have a name of its own, which the webapps use
    String engineName = engine.getName();
    Map<String, String> cookies = new LinkedHashMap<>();
    ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/" + engineName + "/", String.class);
    cookies(page, cookies);
    HttpHeaders login = browser(cookies);
    login.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    ResponseEntity<String> loggedIn = http.exchange("/camunda/api/admin/auth/user/" + engineName + "/login/tasklist",
        HttpMethod.POST, new HttpEntity<>("username=village&password=demo", login), String.class);
    assertThat(loggedIn.getStatusCode().value()).as(loggedIn.getBody()).isEqualTo(200);
    cookies(loggedIn, cookies);
    ResponseEntity<String> me = http.exchange("/camunda/api/admin/auth/user/" + engineName, HttpMethod.GET,
        new HttpEntity<>(browser(cookies)), String.class);
    cookies(me, cookies);
    if (me.getHeaders().getFirst("X-XSRF-TOKEN") != null) {
      cookies.put("XSRF-TOKEN", me.getHeaders().getFirst("X-XSRF-TOKEN"));
    }
    HttpHeaders headers = browser(cookies);
    headers.setContentType(MediaType.APPLICATION_JSON);
    String path = "/camunda/api/engine/engine/" + engineName
        + "/process-definition/key/individual-issuance/submit-form";
    ResponseEntity<String> r = http.exchange(path, HttpMethod.POST, new HttpEntity<>(
        Map.of("variables", form(Map.of("villageCode", OTHER_VILLAGE))), headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(403);
    assertThat(r.getBody()).contains("无权为单位");
    long lookups = SharedRestObjectMapper.lookups();
    r = http.exchange(path, HttpMethod.POST, new HttpEntity<>(Map.of("variables", form(Map.of())), headers),
        String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(SharedRestObjectMapper.lookups()).as("the webapps' REST API reads and writes JSON with the shared mapper")
        .isGreaterThan(lookups);
  }

  @Test
  void engineRestReadsAndWritesJsonWithTheSharedObjectMapper() {
    // Camunda's own resolver would build a new ObjectMapper for this request; Jersey asks ours first
    long lookups = SharedRestObjectMapper.lookups();
    ResponseEntity<String> r = get("village", "/engine-rest/process-definition?key=individual-issuance&latestVersion=true");
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getBody()).contains("\"key\":\"individual-issuance\"");
    assertThat(SharedRestObjectMapper.lookups()).isGreaterThan(lookups);
  }

  // ---- helpers ----

  /** The registration start form's fields as REST variables, plus extras. */
  private Map<String, Object> form(Map<String, Object> extra) {
    Map<String, Object> v = new LinkedHashMap<>();
    Map<String, Object> fields = new LinkedHashMap<>(registrationForm(TestApplicants.panyu(), "POLICE", null));
    fields.remove("registeredBy");
    fields.remove("studioReceipt");
    fields.putAll(extra);
    fields.forEach((k, value) -> v.put(k, Map.of("value", value)));
    return v;
  }

  private static Map<String, Object> scan() {
    return Map.of("value", Base64.getEncoder().encodeToString("%PDF-1.4 test".getBytes()), "type", "File",
        "valueInfo", Map.of("filename", "登记表.pdf", "mimeType", "application/pdf"));
  }

  private ResponseEntity<String> get(String user, String path) {
    return http.withBasicAuth(user, "demo").getForEntity(path, String.class);
  }

  private ResponseEntity<String> post(String user, String path, Object body) {
    return exchange(user, HttpMethod.POST, path, body);
  }

  private ResponseEntity<String> exchange(String user, HttpMethod method, String path, Object body) {
    return http.withBasicAuth(user, "demo").exchange(path, method, new HttpEntity<>(body), String.class);
  }

  private static void cookies(ResponseEntity<?> answer, Map<String, String> jar) {
    List<String> set = answer.getHeaders().get(HttpHeaders.SET_COOKIE);
    if (set != null) {
      for (String c : set) {
        String pair = c.split(";", 2)[0];
        jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
  }

  private static HttpHeaders browser(Map<String, String> cookies) {
    HttpHeaders h = new HttpHeaders();
    h.add(HttpHeaders.COOKIE, String.join("; ", cookies.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    if (cookies.containsKey("XSRF-TOKEN")) {
      h.add("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    }
    return h;
  }

}
