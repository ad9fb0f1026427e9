package cn.panyu.card.citycentre.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreProperties;
import cn.panyu.card.citycentre.CityCentreUnavailable;
import cn.panyu.card.citycentre.SubmissionRequest;
import cn.panyu.card.citycentre.TestApplicants;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The simulator as its own process: only the simulator and its own database, no engine, its own configuration. */
class CityCardCentreSimulatorApplicationTest {

  static ConfigurableApplicationContext simulator;
  static String baseUrl;

  @BeforeAll
  static void start() {
    simulator = CityCardCentreSimulatorApplication.start("--server.port=0",
        "--card-centre.simulator.card-making-delay=0s",
        "--spring.datasource.url=jdbc:h2:mem:simulator-alone;DB_CLOSE_DELAY=-1");
    int port = ((WebServerApplicationContext) simulator).getWebServer().getPort();
    baseUrl = "http://localhost:" + port + "/ccc/v1";
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void startsOnlyTheSimulator() {
    assertThat(simulator.getBeanNamesForType(ProcessEngine.class)).isEmpty();
    // its own database, for its state only: no application table
    DataSource db = simulator.getBean(DataSource.class);
    JdbcTemplate jdbc = new JdbcTemplate(db);
    assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where lower(table_name)"
        + " in ('sim_submission', 'sim_card')", Integer.class)).isEqualTo(2);
    assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where lower(table_name)"
        + " in ('application', 'act_ru_task')", Integer.class)).isZero();
    assertThat(simulator.getBeanNamesForType(CityCentreClient.class)).isEmpty();
    assertThat(simulator.getBean(CardCentreSimulator.class)).isNotNull();
    assertThat(simulator.getEnvironment().getProperty("spring.application.name")).isEqualTo("city-card-centre-simulator");
  }

  @Test
  void answersTheExchangeApi() throws Exception {
    CityCentreProperties properties = new CityCentreProperties(baseUrl, "http://localhost:1", "change-me",
        Duration.ofSeconds(2), Duration.ofSeconds(5));
    try (CityCentreClient client = new CityCentreClient(properties, new ObjectMapper().findAndRegisterModules())) {
      client.submitApplications(new SubmissionRequest("SA-1", Mode.INDIVIDUAL, "440113001",
          List.of(TestApplicants.police("SA-1-1", TestApplicants.YOUNG_PANYU))));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> "COMPLETED".equals(client.pollReport("SA-1").status()));
      ResultsReport report = client.pollReport("SA-1");
      assertThat(report.results()).singleElement().satisfies(r -> assertThat(r.made()).isTrue());
      // the callback to an address where nothing listens fails, and the results stay for polling (the callback is
      // recorded after the report is complete: on a loaded machine a moment later)
      CardCentreSimulator centre = simulator.getBean(CardCentreSimulator.class);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> centre.callbackStatuses("SA-1").filter(List.of(-1)::equals).isPresent());

      simulator.getBean(SimulatorFaults.class).set(FaultSettings.failNext(1));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.pollResults("SA-1"))
          .isInstanceOf(CityCentreUnavailable.class);
    }
  }
}
