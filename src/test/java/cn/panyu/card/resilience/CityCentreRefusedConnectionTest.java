package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The City Card Centre is down (nothing listens where {@code card-centre.base-url} points): the submission
 * retries, ends in an incident and waits there; its applications stay registered and nothing is half done.
 */
@H2Test
@TestPropertySource(properties = "card-centre.retry-cycle=R3/PT10M")
class CityCentreRefusedConnectionTest extends IndividualSteps {

  @DynamicPropertySource
  static void closedPort(DynamicPropertyRegistry registry) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } // closed: connections to it are refused
    registry.add("card-centre.base-url", () -> "http://localhost:" + port + "/ccc/v1");
  }

  @Test
  void aRefusedConnectionEndsInAnIncidentAndLosesNothing() {
    List<String> apps = List.of(applicationNumber(registerWithScan(TestApplicants.panyu())),
        applicationNumber(registerWithScan(TestApplicants.panyu())));
    String sub = startTownSubmission();
    completeAsOpened(sub, "Task_TownCheck");
    completeAsOpened(sub, "Task_AffairsCheck");
    Job job = management.createJobQuery().processInstanceId(sub).activityId("Task_SubmitToCityCentre").singleResult();
    int attempts = 0;
    while (job.getRetries() > 0) {
      String id = job.getId();
      assertThatThrownBy(() -> management.executeJob(id)).hasStackTraceContaining("not reachable");
      attempts++;
      job = management.createJobQuery().jobId(id).singleResult();
    }
    assertThat(attempts).isEqualTo(3);
    assertThat(runtime.createIncidentQuery().processInstanceId(sub).singleResult().getActivityId())
        .isEqualTo("Task_SubmitToCityCentre");
    apps.forEach(a -> assertThat(status(a)).isEqualTo("REGISTERED"));
    assertThat(isWaitingAt(sub, "Task_SubmitToCityCentre")).isTrue();
    Ledgers.noLostApplication(jdbc);

    var f = ResilienceResults.figures();
    f.put("connections refused (faults injected)", attempts);
    f.put("incidents raised", 1);
    f.put("applications registered", apps.size());
    f.put("applications lost or half-submitted", 0);
    ResilienceResults.write("city-centre-refused", "City Card Centre refused connection"
        + " (CityCentreRefusedConnectionTest, mvn -B verify)", f);
  }
}
