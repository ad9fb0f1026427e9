package cn.panyu.card.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * /actuator/prometheus: the campaign's metrics, behind the scrape user; health stays open. Spring Boot tests
 * export no metrics unless asked (@AutoConfigureObservability): a context of its own, closed after the class.
 */
@H2Test
@AutoConfigureObservability
@DirtiesContext
class ReportsMetricsTest {

  @Autowired TestRestTemplate rest;
  @Autowired CardMetrics metrics;
  @Autowired CityCentreClient cityCentre;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;

  @Test
  void prometheusScrapeShowsTheCampaignMetrics() {
    ReportsTestData data = new ReportsTestData(jdbc, "mtr").insert(units);
    try {
      cityCentre.pollReport("SUB-DOES-NOT-EXIST");
    } catch (RuntimeException refusedOrFailed) {
      // either way the call is timed
    }
    metrics.refresh();

    ResponseEntity<String> scrape = rest.withBasicAuth("prometheus", "demo")
        .getForEntity("/actuator/prometheus", String.class);
    assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scrape.getBody()).contains("card_process_instances_running", "card_tasks_open{",
        "card_incidents_open", "card_applications{status=\"ISSUED\"}", "card_campaign_target 616000.0",
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
