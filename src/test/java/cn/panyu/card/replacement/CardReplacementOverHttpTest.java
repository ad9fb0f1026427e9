package cn.panyu.card.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A replacement end to end on the running application, as the people do it: the Shiqiao window clerk starts it
 * and works its tasks through Camunda's REST API (what Tasklist calls), the City Card Centre simulator answers
 * over HTTP, the card office and the town confirm the box of the new card, the holder collects it at the window,
 * and the custody report accounts for every card. Only the job executor's part is played by the test (it is off
 * in tests).
 */
@H2Test
class CardReplacementOverHttpTest extends ReplacementTestSupport {

  @Autowired TestRestTemplate http;
  @Autowired CardCentreSimulator simulator;

  @Test
  void aDamagedCardIsReplacedAndCollectedAtTheTownWindow() {
    String id = holderWithIssuedCard();
    TestRestTemplate clerk = http.withBasicAuth("shiqiao", "demo");
    TestRestTemplate office = http.withBasicAuth("cardoffice", "demo");

    ResponseEntity<JsonNode> started = clerk.postForEntity(
        "/engine-rest/process-definition/key/card-replacement/submit-form",
        Map.of("variables", Map.of("idNumber", Map.of("value", id), "reason", Map.of("value", "DAMAGED"),
            "firstCard", Map.of("value", false, "type", "Boolean"))), JsonNode.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    String pi = started.getBody().get("id").asText();
    String app = started.getBody().get("businessKey").asText();

    // the payment form opens with the fee of the table and 已缴费
    String feeTask = openTask(clerk, pi, "Task_CollectFee");
    JsonNode form = clerk.getForEntity("/engine-rest/task/" + feeTask + "/form-variables", JsonNode.class).getBody();
    assertThat(form.get("fee").get("value").asDouble()).isEqualTo(20.0);
    assertThat(form.get("payment").get("value").asText()).isEqualTo("PAID");
    submit(clerk, feeTask, Map.of("receiptNumber", Map.of("value", "SJ-2013-0001")));

    runAsyncJobs();
    awaitCardResult(pi);
    // the box goes City Centre → card office → the town's window: each level confirms it in its Tasklist
    String card = jdbc.queryForObject("select card_number from application where application_number = ?",
        String.class, app);
    runAsyncJobs();
    submit(office, openTask(office, box(card, "DISTRICT_CARD_OFFICE"), "Task_ConfirmReceipt"), Map.of());
    runAsyncJobs();
    submit(clerk, openTask(clerk, box(card, "TOWN:" + TOWN), "Task_ConfirmReceipt"), Map.of());
    runAsyncJobs();

    submit(clerk, openTask(clerk, pi, "Task_HandOverNewCard"), Map.of());
    assertThat(isEnded(pi)).isTrue();

    JsonNode application = clerk.getForEntity("/api/applications/" + app, JsonNode.class).getBody();
    assertThat(application.get("status").asText()).isEqualTo("ISSUED");
    assertThat(application.get("mode").asText()).isEqualTo("REPLACEMENT");
    assertThat(application.get("unitCode").asText()).isEqualTo(TOWN);
    assertThat(application.get("card").get("location").asText()).isEqualTo("HOLDER");
    String oldCard = (String) replacementRow(pi).get("OLD_CARD_NUMBER");
    assertThat(simulator.received().cardReports())
        .anyMatch(r -> r.cardNumber().equals(oldCard) && r.reason().name().equals("DAMAGED"));
    assertThat(replacementRow(pi)).containsEntry("PAYMENT", "PAID").containsEntry("RECEIPT_NUMBER", "SJ-2013-0001")
        .containsEntry("STATUS", "COMPLETED");

    JsonNode custody = office.getForEntity("/api/reports/custody", JsonNode.class).getBody();
    assertThat(custody.get("unaccounted").asLong()).isZero();
  }

  /** The card-handover instance of the box that carries this card to this location. */
  private String box(String card, String toLocation) {
    return jdbc.queryForObject("select h.process_instance_id from handover h join handover_item i"
        + " on i.handover_id = h.handover_id where i.card_number = ? and h.to_location = ?", String.class, card,
        toLocation);
  }

  /** The one open task of this key that the user sees (Tasklist's query runs under the user's authorizations). */
  private String openTask(TestRestTemplate user, String pi, String key) {
    String query = "/engine-rest/task?taskDefinitionKey=" + key + (pi == null ? "" : "&processInstanceId=" + pi);
    JsonNode found = user.getForEntity(query, JsonNode.class).getBody();
    assertThat(found).as("%s visible", key).hasSize(1);
    return found.get(0).get("id").asText();
  }

  private void submit(TestRestTemplate user, String taskId, Map<String, Object> variables) {
    ResponseEntity<String> done = user.postForEntity("/engine-rest/task/" + taskId + "/submit-form",
        Map.of("variables", variables), String.class);
    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }
}
