package cn.panyu.card.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.reports.process.ProgressBulletinProcess;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import cn.panyu.card.support.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * /actuator/prometheus: the campaign's metrics, behind the scrape user; health stays open. Spring Boot tests
 * export no metrics unless asked: {@link cn.panyu.card.support.H2Test} asks (@AutoConfigureObservability).
 */
@H2Test
class ReportsMetricsTest {

  @Autowired TestRestTemplate rest;
  @Autowired CardMetrics metrics;
  @Autowired CityCentreClient cityCentre;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  @Test
  void prometheusScrapeShowsTheCampaignMetrics() {
    ReportsTestData data = new ReportsTestData(jdbc, "mtr").insert(units);
    try {
      cityCentre.pollReport("SUB-DOES-NOT-EXIST");
    } catch (RuntimeException refusedOrFailed) {
      // either way the call is timed
    }
    // a bulletin waiting for its review: one running instance, one open task of the card office
    String instance = runtime.createMessageCorrelation(ProgressBulletinProcess.MESSAGE_REQUESTED)
        .correlateStartMessage().getId();
    management.executeJob(management.createJobQuery().processInstanceId(instance).singleResult().getId());
    metrics.refresh();

    ResponseEntity<String> scrape = rest.withBasicAuth("prometheus", "demo")
        .getForEntity("/actuator/prometheus", String.class);
    assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scrape.getBody()).contains("card_process_instances_running{process=\"progress-bulletin\"} 1.0",
        "card_tasks_open{group=\"district-card-office\",process=\"progress-bulletin\"} 1.0",
        "card_incidents_open{process=\"individual-issuance\"} 0.0", "card_applications{status=\"ISSUED\"}", "card_campaign_target 616000.0",
        "card_citycentre_calls_seconds_count{operation=\"GET /application-batches\"",
        "card_citycentre_calls_seconds_bucket")
        .contains("card_cards_overdue{mode=\"INDIVIDUAL\",unit=\"" + data.village1() + "\"} 1.0")
        .contains("card_cards_overdue{mode=\"COLLECTIVE\",unit=\"" + data.institution() + "\"} 1.0");
  }

  @Test
  void actuatorIsClosedWithoutTheScrapeUser_healthIsOpen() {
    assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.withBasicAuth("prometheus", "wrong").getForEntity("/actuator/prometheus", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
