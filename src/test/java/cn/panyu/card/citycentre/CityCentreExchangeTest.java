package cn.panyu.card.citycentre;

import cn.panyu.card.personaldata.Masking;
import static cn.panyu.card.citycentre.TestApplicants.applicant;
import static cn.panyu.card.citycentre.TestApplicants.jpeg;
import static cn.panyu.card.citycentre.TestApplicants.png;
import static cn.panyu.card.citycentre.TestApplicants.police;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.IneligibleReason;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.Outcome;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardCentreModel.SubmissionReceipt;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.citycentre.simulator.CityCardCentreSimulatorApplication;
import cn.panyu.card.citycentre.simulator.FaultSettings;
import cn.panyu.card.citycentre.simulator.SimulatorFaults;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The client, the in-process simulator and the callbacks together over real HTTP on the test server's
 * random port (card-centre.base-url and callback-base-url point there in the test profile).
 */
@H2Test
@Import(RecordingCardResultHandler.class)
@ExtendWith(OutputCaptureExtension.class)
class CityCentreExchangeTest {

  @Autowired CityCentreClient client;
  @Autowired CityCentreProperties properties;
  @Autowired CardResultPoller poller;
  @Autowired CardCentreSimulator simulator;
  @Autowired SimulatorFaults faults;
  @Autowired RecordingCardResultHandler handler;
  @Autowired ObjectMapper objectMapper;
  @Autowired TestRestTemplate http;
  @Autowired ApplicationContext context;
  @Autowired org.springframework.core.env.Environment environment;

  String submissionId;

  @BeforeEach
  void newSubmission() {
    faults.reset();
    submissionId = "SUB-" + UUID.randomUUID();
  }

  @AfterEach
  void noFaultsLeft() {
    faults.reset();
  }

  /** A unique application number per test, so that tests sharing the simulator never meet. */
  String app(String n) {
    return submissionId + "-" + n;
  }

  SubmissionRequest request(ApplicationData... applications) {
    return new SubmissionRequest(submissionId, Mode.COLLECTIVE, "INST-001", List.of(applications));
  }

  List<Integer> awaitCallbacks(String id) {
    await().atMost(Duration.ofSeconds(10)).until(() -> simulator.callbackStatuses(id).isPresent());
    return simulator.callbackStatuses(id).orElseThrow();
  }

  @Test
  void theCentreDecidesEachApplicationAndCallsTheResultsBack(CapturedOutput output) {
    SubmissionReceipt receipt = client.submitApplications(request(
        police(app("made"), TestApplicants.YOUNG_PANYU),
        police(app("police"), TestApplicants.NOT_GUANGZHOU),
        applicant(app("photo"), TestApplicants.YOUNG_PANYU, PhotoSource.UPLOAD, png(400, 500), "户籍"),
        police(app("bank"), TestApplicants.HAS_FINANCIAL_CARD),
        police(app("age"), TestApplicants.BORN_1950),
        applicant(app("upload"), TestApplicants.NOT_GUANGZHOU, PhotoSource.UPLOAD, jpeg(358, 441), "户籍")));

    assertThat(receipt).isEqualTo(new SubmissionReceipt(submissionId, 6));
    assertThat(awaitCallbacks(submissionId)).containsExactly(204);
    List<CardResult> results = handler.resultsOf(submissionId);
    assertThat(results).extracting(CardResult::applicationNumber, CardResult::outcome, CardResult::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(app("made"), Outcome.MADE, null),
            org.assertj.core.groups.Tuple.tuple(app("police"), Outcome.INELIGIBLE, IneligibleReason.NO_POLICE_PHOTO),
            org.assertj.core.groups.Tuple.tuple(app("photo"), Outcome.INELIGIBLE, IneligibleReason.PHOTO_QUALITY),
            org.assertj.core.groups.Tuple.tuple(app("bank"), Outcome.INELIGIBLE, IneligibleReason.HAS_FINANCIAL_CARD),
            org.assertj.core.groups.Tuple.tuple(app("age"), Outcome.INELIGIBLE, IneligibleReason.AGE_LIMIT),
            org.assertj.core.groups.Tuple.tuple(app("upload"), Outcome.MADE, null));
    CardResult made = results.get(0);
    assertThat(made.cardNumber()).isNotBlank();
    assertThat(made.cardBatchNumber()).isNotBlank().isEqualTo(results.get(5).cardBatchNumber());
    assertThat(made.cardNumber()).isNotEqualTo(results.get(5).cardNumber());
    // polling gives the same results
    assertThat(client.pollResults(submissionId)).isEqualTo(results);
    // personal data never reaches the log unmasked
    assertThat(output.getAll()).doesNotContain(TestApplicants.HAS_FINANCIAL_CARD)
        .contains(Masking.idNumber(TestApplicants.HAS_FINANCIAL_CARD)).doesNotContain("13812345678");
  }

  @Test
  void sendingTheSameSubmissionAgainMakesNoSecondCard() {
    SubmissionRequest request = request(police(app("1"), TestApplicants.YOUNG_PANYU),
        police(app("2"), TestApplicants.YOUNG_PANYU));
    SubmissionReceipt first = client.submitApplications(request);
    awaitCallbacks(submissionId);
    List<CardResult> cards = client.pollResults(submissionId);

    SubmissionReceipt again = client.submitApplications(request);

    assertThat(again).isEqualTo(first);
    assertThat(client.pollResults(submissionId)).isEqualTo(cards);
    assertThat(handler.resultsOf(submissionId)).hasSize(2); // no second card-making run, no second callback
    // the same application in a later submission (e.g. a correction loop) keeps its card
    String later = submissionId + "-later";
    client.submitApplications(new SubmissionRequest(later, Mode.COLLECTIVE, "INST-001",
        List.of(police(app("1"), TestApplicants.YOUNG_PANYU))));
    awaitCallbacks(later);
    assertThat(handler.resultsOf(later)).singleElement()
        .extracting(CardResult::cardNumber).isEqualTo(cards.get(0).cardNumber());
  }

  @Test
  void reusingASubmissionIdForOtherApplicationsIsRefused() {
    client.submitApplications(request(police(app("1"), TestApplicants.YOUNG_PANYU)));

    assertThatThrownBy(() -> client.submitApplications(request(police(app("other"), TestApplicants.YOUNG_PANYU))))
        .isInstanceOfSatisfying(CityCentreRefusal.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.reason()).isEqualTo("IDEMPOTENCY_CONFLICT");
        });
  }

  @Test
  void aMalformedRequestIsRefusedWithItsReason() {
    assertThatThrownBy(() -> client.submitApplications(request()))
        .isInstanceOfSatisfying(CityCentreRefusal.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.reason()).isEqualTo("MALFORMED_REQUEST");
        });
    assertThatThrownBy(() -> client.pollResults("SUB-unknown-" + UUID.randomUUID()))
        .isInstanceOfSatisfying(CityCentreRefusal.class, e -> assertThat(e.reason()).isEqualTo("UNKNOWN_SUBMISSION"));
  }

  @Test
  void a503IsUnavailableAndTheRetrySucceeds() {
    faults.set(FaultSettings.failNext(1));
    SubmissionRequest request = request(police(app("1"), TestApplicants.YOUNG_PANYU));

    assertThatThrownBy(() -> client.submitApplications(request)).isInstanceOf(CityCentreUnavailable.class)
        .hasMessageContaining("503");
    assertThat(client.submitApplications(request).received()).isEqualTo(1);
    awaitCallbacks(submissionId);
    assertThat(handler.resultsOf(submissionId)).hasSize(1);
  }

  @Test
  void faultsAreSwitchedAtRuntimeThroughTheAdminEndpoint() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    http.put("/ccc/v1/_simulator/faults", new HttpEntity<>("{\"errorRate\": 1.0, \"randomSeed\": 7}", headers));

    assertThat(http.getForObject("/ccc/v1/_simulator/faults", Map.class)).containsEntry("errorRate", 1.0);
    assertThatThrownBy(() -> client.pollResults("anything")).isInstanceOf(CityCentreUnavailable.class);

    http.delete("/ccc/v1/_simulator/faults");
    assertThatThrownBy(() -> client.pollResults("anything")).isInstanceOf(CityCentreRefusal.class);
  }

  @Test
  void anAnswerSlowerThanTheReadTimeoutIsUnavailable() throws Exception {
    faults.set(FaultSettings.latency(Duration.ofMillis(1500)));
    try (CityCentreClient impatient = new CityCentreClient(
        properties.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), objectMapper,
        environment::resolvePlaceholders)) {
      SubmissionRequest request = request(police(app("1"), TestApplicants.YOUNG_PANYU));
      assertThatThrownBy(() -> impatient.submitApplications(request))
          .isInstanceOf(CityCentreUnavailable.class).hasMessageContaining("Timeout");
      faults.reset();
      // the centre may have taken the first attempt after all: the retry still makes one card only
      assertThat(impatient.submitApplications(request).received()).isEqualTo(1);
    }
    awaitCallbacks(submissionId);
    assertThat(client.pollResults(submissionId)).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (CityCentreClient nowhere = new CityCentreClient(
        properties.withBaseUrl("http://localhost:" + closedPort + "/ccc/v1"), objectMapper)) {
      assertThatThrownBy(() -> nowhere.pollResults(submissionId))
          .isInstanceOf(CityCentreUnavailable.class).hasMessageContaining("Connect");
    }
  }

  @Test
  void aLostCallbackIsRecoveredByPolling() {
    faults.set(FaultSettings.callbacks(true, false, false));
    client.submitApplications(request(police(app("1"), TestApplicants.YOUNG_PANYU),
        police(app("2"), TestApplicants.BORN_1950)));

    assertThat(awaitCallbacks(submissionId)).isEmpty(); // lost
    assertThat(handler.resultsOf(submissionId)).isEmpty();

    ResultsReport report = poller.poll(submissionId);

    assertThat(report.status()).isEqualTo(CardCentreSimulator.COMPLETED);
    assertThat(handler.resultsOf(submissionId)).extracting(CardResult::outcome)
        .containsExactly(Outcome.MADE, Outcome.INELIGIBLE);
  }

  @Test
  void aDuplicatedCallbackReachesTheHandlerTwice() {
    faults.set(FaultSettings.callbacks(false, true, false));
    client.submitApplications(request(police(app("1"), TestApplicants.YOUNG_PANYU)));

    assertThat(awaitCallbacks(submissionId)).containsExactly(204, 204);
    List<CardResult> delivered = handler.resultsOf(submissionId);
    assertThat(delivered).hasSize(2);
    assertThat(delivered.get(0)).isEqualTo(delivered.get(1));
  }

  @Test
  void outOfOrderCallbacksBringOneResultEachLastFirst() {
    faults.set(FaultSettings.callbacks(false, false, true));
    client.submitApplications(request(police(app("1"), TestApplicants.YOUNG_PANYU),
        police(app("2"), TestApplicants.YOUNG_PANYU), police(app("3"), TestApplicants.YOUNG_PANYU)));

    assertThat(awaitCallbacks(submissionId)).containsExactly(204, 204, 204);
    assertThat(handler.resultsOf(submissionId)).extracting(CardResult::applicationNumber)
        .containsExactly(app("3"), app("2"), app("1"));
  }

  @Test
  void callbacksWithoutTheRightTokenAreRefused() {
    String body = "{\"submissionId\":\"" + submissionId + "\",\"results\":[{\"applicationNumber\":\"" + app("x")
        + "\",\"outcome\":\"MADE\",\"cardNumber\":\"GZ1\",\"cardBatchNumber\":\"KP1\"}]}";

    assertThat(postCallback("/api/card-centre/callbacks/results", body, null).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(postCallback("/api/card-centre/callbacks/results", body, "wrong").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(postCallback("/api/card-centre/callbacks/activations",
        "{\"cardNumber\":\"GZ1\",\"applicationNumber\":\"A\",\"activatedAt\":\"2026-11-27T10:00:00+08:00\"}", "wrong")
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(handler.resultsOf(submissionId)).isEmpty();

    assertThat(postCallback("/api/card-centre/callbacks/results", body, properties.callbackToken()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(handler.resultsOf(submissionId)).singleElement().extracting(CardResult::cardNumber).isEqualTo("GZ1");
  }

  @Test
  void anActivationAtTheBankIsCalledBack() {
    client.submitApplications(request(police(app("1"), TestApplicants.YOUNG_PANYU)));
    awaitCallbacks(submissionId);
    String cardNumber = handler.resultsOf(submissionId).get(0).cardNumber();

    ResponseEntity<Map> answer = http.postForEntity("/ccc/v1/_simulator/cards/" + cardNumber + "/activation", null,
        Map.class);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getBody()).containsEntry("callbackStatuses", List.of(204));
    List<ActivationNotice> notices = handler.activationsOf(cardNumber);
    assertThat(notices).singleElement().satisfies(n -> {
      assertThat(n.applicationNumber()).isEqualTo(app("1"));
      assertThat(n.activatedAt()).isNotNull();
    });
  }

  @Test
  void signOffSheetsReturnedCardsAndCardReportsArriveOnceEach() {
    String batch = "KP-" + submissionId;
    SignOffSheet sheet = new SignOffSheet("INST-001", batch, 42, "%PDF-1.4".getBytes());
    var ack = client.sendSignOffSheet(sheet);
    assertThat(client.sendSignOffSheet(sheet)).isEqualTo(ack); // a retry: same answer, recorded once
    client.returnCards(List.of(batch + "-card-1", batch + "-card-2"), "OVERDUE");
    client.returnCards(List.of(batch + "-card-1", batch + "-card-2"), "OVERDUE");
    client.reportCard(batch + "-card-3", CardReportReason.LOST);
    client.confirmCardBatchReceipt(batch, 42, null);

    CardCentreSimulator.Received received = simulator.received();
    assertThat(received.signOffSheets()).filteredOn(s -> s.cardBatchNumber().equals(batch)).singleElement()
        .satisfies(s -> {
          assertThat(s.signedCount()).isEqualTo(42);
          assertThat(new String(s.documentBase64())).isEqualTo("%PDF-1.4");
        });
    assertThat(received.returnedCards()).filteredOn(r -> r.cardNumbers().contains(batch + "-card-1")).hasSize(1);
    assertThat(received.cardReports()).filteredOn(r -> r.cardNumber().equals(batch + "-card-3")).singleElement()
        .extracting(CardCentreModel.CardReport::reason).isEqualTo(CardReportReason.LOST);
    assertThat(received.cardBatchReceipts()).filteredOn(r -> r.cardBatchNumber().equals(batch)).hasSize(1);
  }

  @Test
  void theOpenApiFileIsServedAndTheStandaloneSimulatorIsNotPartOfTheApplication() {
    ResponseEntity<String> spec = http.getForEntity("/openapi/city-card-centre.yaml", String.class);
    assertThat(spec.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(spec.getBody()).contains("openapi: 3.0.3").contains("/application-batches:");
    assertThat(context.getBeanNamesForType(CityCardCentreSimulatorApplication.class)).isEmpty();
  }

  private ResponseEntity<String> postCallback(String path, String body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      headers.set("X-Callback-Token", token);
    }
    return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }
}
