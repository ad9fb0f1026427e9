package cn.panyu.card.citycentre.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardCentreModel.SubmissionReceipt;
import cn.panyu.card.citycentre.TestApplicants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone simulator stopped and started again on its database (issue 20): a submission received before
 * the restart is made after it, a repeated submission or acknowledgement gets its first answer, and card
 * numbers go on where they were.
 */
class SimulatorRestartTest {

  @TempDir Path dir;

  @Test
  void aRestartedSimulatorForgetsNothing() {
    String db = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("centre") + ";LOCK_TIMEOUT=10000";
    ApplicationBatch first = batch("SR-1", List.of(TestApplicants.police("SR-1-1", TestApplicants.YOUNG_PANYU),
        TestApplicants.police("SR-1-2", TestApplicants.NOT_GUANGZHOU)));
    SignOffSheet sheet = new SignOffSheet("panyu-cdc", "KP1", 3, null);
    Acknowledgement ack;
    try (ConfigurableApplicationContext before = start(db, "1h")) {
      CardCentreSimulator centre = before.getBean(CardCentreSimulator.class);
      assertThat(centre.submit("SR-1", first)).isEqualTo(new SubmissionReceipt("SR-1", 2));
      ack = centre.receiveSignOffSheet("SHEET-1", sheet);
      assertThat(centre.report("SR-1").orElseThrow().status()).isEqualTo(CardCentreSimulator.PROCESSING);
    } // stopped an hour before its cards were due

    try (ConfigurableApplicationContext after = start(db, "0s")) {
      CardCentreSimulator centre = after.getBean(CardCentreSimulator.class);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
          CardCentreSimulator.COMPLETED.equals(centre.report("SR-1").orElseThrow().status()));
      List<CardResult> results = centre.report("SR-1").orElseThrow().results();
      assertThat(results).hasSize(2);
      assertThat(results.get(0).made()).isTrue();
      assertThat(results.get(1).made()).as("no Guangzhou ID, no photo").isFalse();
      String card = results.get(0).cardNumber();

      // the same submission again: the first answer, no second card
      assertThat(centre.submit("SR-1", first)).isEqualTo(new SubmissionReceipt("SR-1", 2));
      assertThat(centre.cardOf("SR-1-1").orElseThrow().cardNumber()).isEqualTo(card);
      // the same sheet again: the first acknowledgement, recorded once
      assertThat(centre.receiveSignOffSheet("SHEET-1", sheet)).isEqualTo(ack);
      assertThat(centre.received().signOffSheets()).hasSize(1);
      // numbers go on: the next card is another one
      centre.submit("SR-2", batch("SR-2", List.of(TestApplicants.police("SR-2-1", TestApplicants.YOUNG_PANYU))));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> centre.cardOf("SR-2-1").isPresent());
      assertThat(centre.cardOf("SR-2-1").orElseThrow().cardNumber()).isNotEqualTo(card);
    }
  }

  private static ConfigurableApplicationContext start(String db, String delay) {
    return CityCardCentreSimulatorApplication.start("--server.port=0", db,
        "--card-centre.simulator.card-making-delay=" + delay);
  }

  private static ApplicationBatch batch(String id, List<cn.panyu.card.citycentre.CardCentreModel.ApplicationData> apps) {
    // nothing listens at the callback address: the results stay for polling
    return new ApplicationBatch(id, Mode.INDIVIDUAL, "440113007", "http://localhost:1/callbacks", null, apps);
  }
}
