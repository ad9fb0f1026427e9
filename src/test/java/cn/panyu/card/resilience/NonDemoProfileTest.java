package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

/**
 * Outside the demo profile (as in production): no demo user or password works, the simulator's admin
 * switches do not exist, and the actuator's metrics need a login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NonDemoProfileTest {

  static final List<String> DEMO_USERS = List.of("demo", "cardoffice", "affairs", "edu", "school", "gov-inst",
      "shiqiao", "nancun", "village", "village2", "leader");

  @Autowired TestRestTemplate http;
  @Autowired IdentityService identity;

  @Test
  void noDemoPasswordOpensAnything() {
    for (String user : DEMO_USERS) {
      assertThat(identity.checkPassword(user, "demo")).as(user).isFalse();
      assertThat(http.withBasicAuth(user, "demo").getForEntity("/engine-rest/task", String.class)
          .getStatusCode().value()).as("%s/demo on engine-rest", user).isEqualTo(401);
      assertThat(http.withBasicAuth(user, "demo").getForEntity("/api/org-units", String.class)
          .getStatusCode().value()).as("%s/demo on api", user).isEqualTo(401);
    }
    assertThat(identity.createUserQuery().count()).isZero();
  }

  @Test
  void theSimulatorSwitchesDoNotExist() {
    assertThat(http.getForEntity("/ccc/v1/_simulator/faults", String.class).getStatusCode().value())
        .isEqualTo(404);
    assertThat(http.exchange("/ccc/v1/_simulator/faults", HttpMethod.PUT,
        new HttpEntity<>(Map.of("failNextCalls", 5)), String.class).getStatusCode().value()).isEqualTo(404);
    assertThat(http.postForEntity("/ccc/v1/_simulator/reset", null, String.class).getStatusCode().value())
        .isEqualTo(404);
    assertThat(http.postForEntity("/ccc/v1/application-batches", Map.of(), String.class).getStatusCode().value())
        .isEqualTo(404);
  }

  @Test
  void metricsNeedALoginHealthDoesNot() {
    for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/info")) {
      assertThat(http.getForEntity(path, String.class).getStatusCode().value()).as(path).isIn(401, 404);
    }
    assertThat(http.getForEntity("/actuator/metrics", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
  }
}
