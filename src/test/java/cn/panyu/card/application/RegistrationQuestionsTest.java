package cn.panyu.card.application;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The two questions registration asks for the plan's rules (§3 enterprise employees, §5.1 the Guangzhou ID card),
 * through the API and through the Tasklist start form, on the whole application (H2).
 */
@H2Test
class RegistrationQuestionsTest extends ProcessTestSupport {

  static final String VILLAGE = "440113007901";

  @Autowired TestRestTemplate http;
  @Autowired RepositoryService repository;

  private final ObjectMapper json = new ObjectMapper();

  /** What a client from before the two questions sends. */
  private static Map<String, Object> oldClient(String idNumber) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "测试申请人");
    body.put("gender", "男");
    body.put("idNumber", idNumber);
    body.put("phone", "13800138000");
    body.put("bank", "中国工商银行");
    body.put("residency", "户籍");
    body.put("villageCode", VILLAGE);
    body.put("photoSource", "POLICE");
    return body;
  }

  private ResponseEntity<JsonNode> post(Map<String, Object> body) {
    return http.withBasicAuth("village", "demo").postForEntity("/api/individual-applications", body, JsonNode.class);
  }

  private int applicationsOf(String idNumber) {
    return jdbc.queryForObject("select count(*) from application where id_number = ?", Integer.class, idNumber);
  }

  @Test
  void aClientThatAsksNeitherQuestionRegistersAsBefore() {
    String id = TestApplicants.panyu();
    ResponseEntity<JsonNode> created = post(oldClient(id));
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().get("applicationNumber").asText()).startsWith("IA" + VILLAGE);
  }

  @Test
  void aNonRegisteredEnterpriseEmployeeIsRefusedWithTheNewReason() {
    String id = TestApplicants.panyu();
    Map<String, Object> body = oldClient(id);
    body.put("residency", "非户籍参保");
    body.put("enterpriseEmployee", true);
    ResponseEntity<JsonNode> refused = post(body);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode error = refused.getBody().get("errors").get(0);
    assertThat(refused.getBody().get("errors")).hasSize(1);
    assertThat(error.get("field").asText()).isEqualTo("enterpriseEmployee");
    assertThat(error.get("reason").asText()).isEqualTo("ENTERPRISE_EMPLOYEE");
    assertThat(error.get("message").asText()).contains("企业职工");
    assertThat(applicationsOf(id)).isZero();

    body.put("enterpriseEmployee", false);
    assertThat(post(body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void withoutAGuangzhouIdCardThePhotoComesUpFront() {
    String id = TestApplicants.outsideGuangzhou();
    Map<String, Object> body = oldClient(id);
    body.put("holdsGuangzhouIdCard", false);
    ResponseEntity<JsonNode> refused = post(body);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode error = refused.getBody().get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("photoSource");
    assertThat(error.get("reason").asText()).isEqualTo("PHOTO_MISSING");
    assertThat(error.get("message").asText()).contains("广州市第二代居民身份证").contains("照相馆");
    assertThat(applicationsOf(id)).isZero();

    body.put("photoSource", "STUDIO");
    body.put("studioReceipt", "PY-2013-0042");
    assertThat(post(body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void whoSaysHeHoldsAGuangzhouCardGoesThroughWhateverHisNumber() {
    // whether a police photo exists is the City Card Centre's to say (it answers NO_POLICE_PHOTO)
    Map<String, Object> body = oldClient(TestApplicants.outsideGuangzhou());
    body.put("holdsGuangzhouIdCard", true);
    assertThat(post(body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  // ------------------------------------------------------------------------------------------- Tasklist

  private Map<String, Object> startForm(String idNumber) {
    Map<String, Object> v = new HashMap<>(oldClient(idNumber));
    v.remove("villageCode");
    v.put("enterpriseEmployee", "否");
    v.put("holdsGuangzhouIdCard", "是");
    v.put("registeredBy", "village");
    return v;
  }

  @Test
  void theStartFormAnswersAreCheckedAndCorrectedOnTheCorrectionForm() throws Exception {
    Map<String, Object> noCard = startForm(TestApplicants.outsideGuangzhou());
    noCard.put("holdsGuangzhouIdCard", "否");
    String pi = runtime.startProcessInstanceByKey("individual-issuance", noCard).getId();
    assertThat((String) runtime.getVariable(pi, "intakeErrorsText")).contains("PHOTO_MISSING");
    String correctionForm = read(forms.getDeployedTaskForm(task(pi, "Task_CorrectRegistration").getId()));
    assertThat(keysOf(correctionForm)).contains("enterpriseEmployee", "holdsGuangzhouIdCard");
    complete(pi, "Task_CorrectRegistration", Map.of("photoSource", "STUDIO", "studioReceipt", "PY-2013-0043",
        "correctionAction", "CORRECT"));
    assertThat(isWaitingAt(pi, "Task_UploadScan")).isTrue();

    Map<String, Object> employee = startForm(TestApplicants.panyu());
    employee.put("residency", "非户籍参保");
    employee.put("enterpriseEmployee", "是");
    String refused = runtime.startProcessInstanceByKey("individual-issuance", employee).getId();
    assertThat((String) runtime.getVariable(refused, "intakeErrorsText")).contains("ENTERPRISE_EMPLOYEE");
    assertThat(isWaitingAt(refused, "Task_CorrectRegistration")).isTrue();
  }

  @Test
  void theDeployedRegistrationFormAsksBothQuestions() throws Exception {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey("individual-issuance")
        .latestVersion().singleResult().getId();
    JsonNode form = json.readTree(read(forms.getDeployedStartForm(definition)));
    Map<String, JsonNode> byKey = new HashMap<>();
    form.get("components").forEach(c -> {
      if (c.has("key")) {
        byKey.put(c.get("key").asText(), c);
      }
    });
    assertThat(byKey).containsKeys("enterpriseEmployee", "holdsGuangzhouIdCard");
    assertThat(byKey.get("enterpriseEmployee").get("label").asText()).contains("企业职工");
    // asked only of non-registered insured persons, whom the rule concerns
    assertThat(byKey.get("enterpriseEmployee").get("conditional").get("hide").asText()).contains("非户籍参保");
    assertThat(byKey.get("holdsGuangzhouIdCard").get("label").asText()).contains("广州市第二代居民身份证");
    assertThat(byKey.get("holdsGuangzhouIdCard").get("defaultValue").asText()).isEqualTo("是");
  }

  private static String read(InputStream in) throws Exception {
    try (in) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private List<String> keysOf(String formJson) throws Exception {
    List<String> keys = new ArrayList<>();
    json.readTree(formJson).get("components").forEach(c -> {
      if (c.has("key")) {
        keys.add(c.get("key").asText());
      }
    });
    return keys;
  }
}
