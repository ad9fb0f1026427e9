package cn.panyu.card.individual;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a manager sees in Cockpit, through the REST API Cockpit uses: from an application's business key to the
 * submission that sent it, the shipment that brought its card down and each box (card-handover) on the way, as
 * called instances (super process instances) under one business key; and from the application to the recovery box
 * its overdue card went back in.
 */
@H2Test
class CockpitViewTest extends IndividualSteps {

  @Autowired TestRestTemplate http;

  @Test
  void anApplicationsBoxesAreTheCalledInstancesOfItsSubmission() {
    JsonNode registered = http.withBasicAuth("village", "demo").postForEntity("/api/individual-applications",
        Map.of("name", "测试申请人", "gender", "男", "idNumber", TestApplicants.panyu(), "phone", "13800138000",
            "bank", "中国工商银行", "residency", "户籍", "villageCode", VILLAGE, "photoSource", "POLICE"),
        JsonNode.class).getBody();
    String app = registered.get("applicationNumber").asText();
    submitTown(true);
    deliverAll();

    // the application's instance, by its business key
    JsonNode instances = get("/engine-rest/process-instance?businessKey=" + app);
    assertThat(instances).hasSize(1);
    String pi = instances.get(0).get("id").asText();
    assertThat(instances.get(0).get("definitionId").asText()).startsWith("individual-issuance:");
    String submission = get("/engine-rest/process-instance/" + pi + "/variables/submissionId").get("value").asText();

    // the submission's instances: the town submission, the shipment it called, the boxes the shipment called
    JsonNode tree = get("/engine-rest/history/process-instance?processInstanceBusinessKey=" + submission);
    JsonNode root = find(tree, "town-submission");
    JsonNode shipment = find(tree, "card-shipment");
    assertThat(shipment.get("superProcessInstanceId").asText()).isEqualTo(root.get("id").asText());
    List<String> boxes = new ArrayList<>();
    tree.forEach(i -> {
      if (i.get("processDefinitionKey").asText().equals("card-handover")) {
        assertThat(i.get("superProcessInstanceId").asText()).isEqualTo(shipment.get("id").asText());
        boxes.add(i.get("id").asText());
      }
    });
    List<String> legs = new ArrayList<>();
    for (String box : boxes) {
      legs.add(get("/engine-rest/history/variable-instance?variableName=toLocation&processInstanceId=" + box)
          .get(0).get("value").asText());
    }
    assertThat(legs).contains("DISTRICT_CARD_OFFICE", "TOWN:" + TOWN, "VILLAGE:" + VILLAGE);

    // an overdue card: the application's instance names the recovery box, whose instance Cockpit finds by it
    fireTimer(pi, "Timer_CollectionOverdue");
    String box = get("/engine-rest/history/variable-instance?variableName=recoveryBox&processInstanceId=" + pi)
        .get(0).get("value").asText();
    JsonNode recovery = get("/engine-rest/process-instance?businessKey=" + box);
    assertThat(recovery).as("box %s; instances %s", box, runtime.createProcessInstanceQuery()
        .processDefinitionKey("card-shipment").list().stream().map(i -> i.getBusinessKey()).toList()).hasSize(1);
    assertThat(recovery.get(0).get("definitionId").asText()).startsWith("card-shipment:");
  }

  private JsonNode get(String path) {
    ResponseEntity<JsonNode> answer = http.withBasicAuth("cardoffice", "demo").getForEntity(path, JsonNode.class);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private static JsonNode find(JsonNode instances, String key) {
    for (JsonNode i : instances) {
      if (i.get("processDefinitionKey").asText().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no " + key + " among " + instances);
  }
}
