package cn.panyu.card.individual;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.PostgresTest;
import cn.panyu.card.support.ProcessTestSupport;
import cn.panyu.card.support.TestApplicants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/**
 * On a real PostgreSQL server, over HTTP end to end: applications registered through the API as a village
 * clerk, one submission to the City Card Centre simulator through Camunda Connect, the centre's callbacks
 * resume the waiting instances, the boxes travel down, the cards are collected and activated (the
 * activation comes by callback too).
 */
@PostgresTest
class IndividualIssuancePostgresTest extends ProcessTestSupport {

  @Autowired TestRestTemplate http;

  @Test
  @SuppressWarnings("unchecked")
  void fromRegistrationToActivatedThroughTheSimulator() {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var response = http.withBasicAuth("village", "demo").postForEntity("/api/individual-applications", Map.of(
          "name", "测试" + i, "gender", "男", "idNumber", TestApplicants.panyu(), "phone", "1380013800" + i,
          "bank", "中国建设银行", "residency", "户籍", "villageCode", "440113007901", "photoSource", "POLICE"),
          Map.class);
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      numbers.add((String) response.getBody().get("applicationNumber"));
    }
    String sub = runtime.startProcessInstanceByKey("town-submission",
        Variables.putValue("townCode", "440113007").putValue("startedBy", "shiqiao")).getId();
    completeAsOpened(sub, "Task_TownCheck");
    completeAsOpened(sub, "Task_AffairsCheck");
    runAsyncJobs(); // the Connect call to the simulator
    await("the centre's callbacks", () -> numbers.stream().allMatch(n -> status(n).equals("CARD_MADE")));
    numbers.forEach(n -> assertThat(instanceOf(n)).satisfies(pi -> isWaitingAt(pi, "Task_AwaitCardAtVillage")));

    fireTimer(sub, "Timer_PollResults");
    runAsyncJobs();
    for (int level = 0; level < 3; level++) { // card office, town, village
      tasks.createTaskQuery().processDefinitionKey("card-handover").taskDefinitionKey("Task_ConfirmReceipt").list()
          .forEach(t -> tasks.complete(t.getId()));
      runAsyncJobs(); // each box's arrival is recorded on its own, then the next leg is packed
    }
    assertThat(isEnded(sub)).as("the submission ends when its cards are at the villages").isTrue();
    numbers.forEach(n -> completeAsOpened(instanceOf(n), "Task_CollectCard"));

    for (String n : numbers) {
      var app = http.withBasicAuth("village", "demo").getForObject("/api/applications/" + n, Map.class);
      assertThat(app.get("status")).isEqualTo("ISSUED");
      String card = (String) ((Map<String, Object>) app.get("card")).get("number");
      assertThat(((Map<String, Object>) app.get("card")).get("location")).isEqualTo("HOLDER");
      assertThat(http.postForEntity("/ccc/v1/_simulator/cards/" + card + "/activation", null, String.class)
          .getStatusCode().is2xxSuccessful()).isTrue();
    }
    await("activation callbacks", () -> numbers.stream().allMatch(n -> status(n).equals("ACTIVATED")));
    numbers.forEach(n -> assertThat(isEnded(instanceOf(n))).isTrue());

    var custody = http.withBasicAuth("cardoffice", "demo").getForObject("/api/reports/custody", Map.class);
    assertThat(((Number) custody.get("unaccounted")).intValue()).isZero();
  }

  private String instanceOf(String applicationNumber) {
    return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(applicationNumber)
        .processDefinitionKey("individual-issuance").singleResult().getId();
  }
}
