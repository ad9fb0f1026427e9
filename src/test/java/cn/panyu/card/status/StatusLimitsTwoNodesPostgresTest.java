package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.CardIssuanceApplication;
import cn.panyu.card.support.PostgresServer;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes of the application (two application contexts, each with its engine and web server) on one
 * PostgreSQL database: the public status page's limits are one, whichever node a caller reaches.
 */
@Tag("own-jvm") // closing its nodes clears the webapps' JVM-wide runtime delegates under the other tests' contexts
class StatusLimitsTwoNodesPostgresTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCallersLimitsHoldOnBothNodes() throws Exception {
    String db = PostgresServer.newDatabaseUrl();
    try (ConfigurableApplicationContext a = start(db); ConfigurableApplicationContext b = start(db)) {
      String nodeA = url(a);
      String nodeB = url(b);
      String id = TestApplicants.panyu();
      // one ID number from one caller: five look-ups, alternately on A and B, then refused on either
      for (int i = 0; i < 5; i++) {
        assertThat(lookup(i % 2 == 0 ? nodeA : nodeB, id)).isEqualTo(200);
      }
      assertThat(lookup(nodeB, id)).isEqualTo(429);
      // the caller's ten a minute, counted on both nodes together (the refused one counts too)
      for (int i = 0; i < 4; i++) {
        assertThat(lookup(i % 2 == 0 ? nodeA : nodeB, TestApplicants.panyu())).isEqualTo(200);
      }
      assertThat(lookup(nodeA, TestApplicants.panyu())).isEqualTo(429);
      assertThat(lookup(nodeB, TestApplicants.panyu())).isEqualTo(429);
    }
  }

  private static ConfigurableApplicationContext start(String db) {
    return new SpringApplicationBuilder(CardIssuanceApplication.class).profiles("demo", "test").run(
        "--spring.datasource.url=" + db, "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--spring.datasource.hikari.maximum-pool-size=5", "--server.port=0", "--process-coverage.enabled=false",
        // two engines in one JVM: each registers under a name of its own
        "--camunda.bpm.generate-unique-process-engine-name=true",
        "--camunda.bpm.generate-unique-process-application-name=true");
  }

  private static String url(ConfigurableApplicationContext node) {
    return "http://localhost:" + node.getEnvironment().getProperty("local.server.port");
  }

  private static int lookup(String node, String idNumber) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(node + "/api/public/application-status"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
            Map.of("idNumber", idNumber, "phoneLast4", "0000")))).build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
