package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * Personal data out of history (issue 20): after a registration in Tasklist (start form, then the scan), no
 * ACT_HI_* row and no history byte array holds the ID number or the phone in clear, while the history of who
 * did what stays.
 */
@H2Test
class PersonalDataHistoryTest extends IndividualSteps {

  @Autowired TestRestTemplate http;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aTasklistRegistrationLeavesNoIdNumberOrPhoneInHistory() throws Exception {
    String id = TestApplicants.panyu();
    // another test's applicant never has this phone (the tests share a database): it ends in the ID's digits
    String phone = "139" + id.substring(9, 17);
    // the registration form's fields as Tasklist submits them
    Map<String, Object> fields = new LinkedHashMap<>(registrationForm(id, "POLICE", null));
    fields.remove("registeredBy"); // the engine sets the initiator
    fields.values().removeIf(Objects::isNull);
    fields.put("phone", phone);
    Map<String, Object> variables = new LinkedHashMap<>();
    fields.forEach((k, value) -> variables.put(k, v(value)));
    Map<String, Object> start = Map.of("variables", variables);
    ResponseEntity<String> started = http.withBasicAuth("village", "demo").postForEntity(
        "/engine-rest/process-definition/key/individual-issuance/submit-form", start, String.class);
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    String pi = json.readTree(started.getBody()).get("id").asText();
    // the process itself still reads the data until the registration stores it
    assertThat(runtime.getVariable(pi, "idNumber")).isEqualTo(id);
    String taskId = task(pi, "Task_UploadScan").getId();
    ResponseEntity<String> done = http.withBasicAuth("village", "demo").postForEntity(
        "/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", Map.of("registrationScan", Map.of(
            "value", Base64.getEncoder().encodeToString("%PDF-1.4".getBytes()), "type", "File",
            "valueInfo", Map.of("filename", "scan.pdf", "mimeType", "application/pdf")))), String.class);
    assertThat(done.getStatusCode().value()).as(done.getBody()).isEqualTo(204);
    assertThat(isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();

    List<String> found = new ArrayList<>();
    List<Map<String, Object>> columns = jdbc.queryForList("select table_name, column_name, data_type"
        + " from information_schema.columns where table_schema = 'PUBLIC' and table_name like 'ACT_HI_%'");
    assertThat(columns).hasSizeGreaterThan(100);
    for (Map<String, Object> c : columns) {
      String type = ((String) c.get("DATA_TYPE")).toUpperCase();
      if (!type.contains("CHAR")) {
        continue;
      }
      String sql = "select count(*) from " + c.get("TABLE_NAME") + " where " + c.get("COLUMN_NAME") + " like ?";
      for (String secret : List.of(id, phone)) {
        if (jdbc.queryForObject(sql, Integer.class, "%" + secret + "%") > 0) {
          found.add(c.get("TABLE_NAME") + "." + c.get("COLUMN_NAME"));
        }
      }
    }
    for (byte[] bytes : jdbc.queryForList("select bytes_ from act_ge_bytearray", byte[].class)) {
      String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
      if (text.contains(id) || text.contains(phone)) {
        found.add("ACT_GE_BYTEARRAY");
      }
    }
    assertThat(found).as("history columns holding the ID number or phone").isEmpty();

    // what stays: that the data were entered, masked, and who did what
    HistoricVariableInstance idVariable = history.createHistoricVariableInstanceQuery().processInstanceId(pi)
        .variableName("idNumber").includeDeleted().singleResult();
    assertThat(idVariable.getValue()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName("phone")
        .includeDeleted().singleResult().getValue()).isEqualTo("139****" + phone.substring(7));
    assertThat(history.createHistoricDetailQuery().processInstanceId(pi).count()).isPositive();
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName("villageCode")
        .singleResult().getValue()).as("other variables in full").isEqualTo(VILLAGE);
    assertThat(history.createUserOperationLogQuery().processInstanceId(pi).userId("village").count())
        .as("who did what").isPositive();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(pi).singleResult().getStartUserId())
        .isEqualTo("village");
  }

  @Test
  void masksKeepTheShapeNotThePerson() {
    assertThat(PersonalDataHistoryProducer.mask("440113199003071235")).isEqualTo("4401**********1235");
    assertThat(PersonalDataHistoryProducer.mask("13800138000")).isEqualTo("138****8000");
    assertThat(PersonalDataHistoryProducer.mask("陈志明")).isEqualTo("陈**");
    assertThat(PersonalDataHistoryProducer.mask("W-42")).isEqualTo("W***");
  }

  private static Map<String, Object> v(Object value) {
    return Map.of("value", value);
  }
}
