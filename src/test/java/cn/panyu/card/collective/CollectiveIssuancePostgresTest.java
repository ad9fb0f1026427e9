package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel.ReturnedCards;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.collective.CollectiveTestData.Person;
import cn.panyu.card.support.PostgresTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A batch of three hundred rows on a real PostgreSQL server, from the upload over HTTP to the sign-off
 * sheets at the City Card Centre: refused rows corrected into the same batch, three submissions (at most
 * 120 rows each) whose results are polled before and after the centre made the cards, ineligible rows
 * corrected with photos or withdrawn, cards handed down the chain, ten
 * cards not collected and recovered, and at the end every card accounted for.
 */
@PostgresTest
@TestPropertySource(properties = {"collective.submission-max-rows=120",
    "card-centre.simulator.card-making-delay=3s"})
class CollectiveIssuancePostgresTest extends CollectiveProcessTestSupport {

  static final String CDC = "panyu-cdc";

  @Autowired TestRestTemplate http;
  @TempDir Path dir;

  @Test
  void threeHundredRowsFromUploadToTheSignOffSheetsAtTheCityCentre() throws Exception {
    List<Person> panyu = CollectiveTestData.panyu(290);
    List<Person> outsiders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outsiders.add(CollectiveTestData.notGuangzhou());
    }
    List<Person> holders = List.of(CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD),
        CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD_2));
    List<Person> badPhone = CollectiveTestData.panyu(3);
    List<Person> people = new ArrayList<>(panyu);
    people.addAll(outsiders);
    people.addAll(holders);

    // upload over HTTP as the institution's clerk: 297 accepted, 3 refused (phone)
    ResponseEntity<JsonNode> created = upload("gov-inst", csv("工作证号", people, badPhone));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String batch = created.getBody().get("batchNumber").asText();
    String pi = created.getBody().get("processInstanceId").asText();
    assertThat(created.getBody().get("accepted").asInt()).isEqualTo(297);
    assertThat(created.getBody().get("rejected")).hasSize(3);

    // the institution corrects the refused rows: they join the same batch
    asUser("gov-inst", "institution-panyu-cdc", () -> complete(pi, "Task_CorrectRejectedRows", Map.of(
        "correctedFile", Variables.fileValue("更正.csv").file(csv("工作证号", badPhone)).create())));
    assertThat(runtime.getVariable(pi, "accepted")).isEqualTo(300);
    assertThat(numbers(batch)).hasSize(300);

    completeAsOpened(pi, "Task_DepartmentReview"); // department health has no demo user: the system completes it
    asUser("cardoffice", "district-card-office", () -> completeAsOpened(pi, "Task_CardOfficeReview"));
    @SuppressWarnings("unchecked")
    List<String> submissions = (List<String>) runtime.getVariable(pi, "submissionIds");
    assertThat(submissions).hasSize(3);

    // polled before the centre has made the cards (it takes 3 s here): nothing yet, the instance polls again
    runAsyncJobs();
    management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().list()
        .forEach(j -> management.executeJob(j.getId()));
    runAsyncJobs();
    makeCards(pi, batch);
    assertThat(runtime.getVariable(pi, "ineligibleCount")).isEqualTo(7);
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(293);

    // the rejection loop, while the first cards travel down the chain
    asUser("cardoffice", "district-card-office", () -> completeAsOpened(pi, "Task_CardOfficeFeedback"));
    confirmAllReceipts(batch);
    assertThat(count(batch, "AT_ISSUING_UNIT")).isEqualTo(293);
    completeAsOpened(pi, "Task_DepartmentFeedback");
    asUser("gov-inst", "institution-panyu-cdc", () -> complete(pi, "Task_InstitutionFollowUp", Map.of(
        "correctionPhotos", Variables.fileValue("补充照片.zip").file(CollectiveTestData.photos(outsiders)).create())));
    assertThat(runtime.getVariable(pi, "resubmitCount")).isEqualTo(5);
    assertThat(count(batch, "WITHDRAWN")).isEqualTo(2);

    makeCards(pi, batch);
    confirmAllReceipts(batch);
    assertThat(count(batch, "AT_ISSUING_UNIT")).isEqualTo(298);

    // ten people never came for their cards
    List<String> absent = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and status = 'AT_ISSUING_UNIT' order by application_number desc limit 10", String.class, batch);
    asUser("gov-inst", "institution-panyu-cdc", () -> complete(pi, "Task_IssueCards", Map.of(
        "notCollected", String.join("\n", absent),
        "signOffScan", Variables.fileValue("签收表.pdf").file(CollectiveTestData.scan()).create())));
    confirmAllReceipts(batch);

    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchCompleted");
    SignOffSheet sheet = simulator.received().signOffSheets().stream()
        .filter(s -> s.cardBatchNumber().equals(batch)).findFirst().orElseThrow();
    assertThat(sheet.signedCount()).isEqualTo(288);
    assertThat(sheet.institutionCode()).isEqualTo(CDC);
    List<String> absentCards = absent.stream().map(this::card).toList();
    assertThat(simulator.received().returnedCards().stream().map(ReturnedCards::cardNumbers)
        .flatMap(List::stream).toList()).containsAll(absentCards);

    JsonNode summary = http.withBasicAuth("gov-inst", "demo")
        .getForEntity("/api/collective-batches/" + batch, JsonNode.class).getBody();
    assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(summary.get("counts").toString()).isEqualTo(
        "{\"accepted\":300,\"rejected\":0,\"ineligible\":7,\"made\":298,\"issued\":288,\"signed\":288,\"recovered\":10}");
    assertThat(summary.get("applicationNumbers")).hasSize(300);
    JsonNode custody = http.withBasicAuth("cardoffice", "demo").getForEntity("/api/reports/custody", JsonNode.class)
        .getBody();
    assertThat(custody.get("unaccounted").asLong()).isZero();
    assertThat(custody.get("inTransit").asLong()).isZero();
    assertThat(custody.get("made").asLong()).isEqualTo(298);
    assertThat(custody.get("issued").asLong()).isEqualTo(288);
    assertThat(custody.get("returned").asLong()).isEqualTo(10);
  }

  private ResponseEntity<JsonNode> upload(String user, byte[] file) throws Exception {
    Path path = Files.write(dir.resolve("名单.csv"), file);
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new FileSystemResource(path));
    body.add("institutionCode", CDC);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.withBasicAuth(user, "demo")
        .postForEntity("/api/collective-batches", new HttpEntity<>(body, headers), JsonNode.class);
  }

  private void asUser(String user, String group, Runnable work) {
    identity.setAuthentication(user, List.of(group));
    try {
      work.run();
    } finally {
      identity.clearAuthentication();
    }
  }
}
