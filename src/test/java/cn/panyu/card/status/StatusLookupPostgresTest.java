package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.PostgresTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** The look-up's SQL (latest application, arrival event) on a real PostgreSQL. */
@PostgresTest
class StatusLookupPostgresTest {

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired ApplicationStatusLookup lookup;

  @Test
  void theLatestApplicationAndItsCollectionDeadline() {
    StatusTestData data = new StatusTestData(jdbc, units);
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.WITHDRAWN, null, null, Instant.parse("2013-03-01T00:00:00Z"));
    String number = data.insert(id, phone, ApplicationStatus.IN_TRANSIT, null, null,
        Instant.parse("2013-06-01T00:00:00Z"));
    Instant arrived = Instant.parse("2013-09-27T02:00:00Z"); // Friday before the National Day holiday, Beijing 10:00
    data.event(number, ApplicationStatus.AT_ISSUING_UNIT, arrived);
    jdbc.update("update application set status = 'AT_ISSUING_UNIT' where application_number = ?", number);

    StatusView view = lookup.lookup(id, StatusTestData.last4(phone));
    assertThat(view.found()).isTrue();
    assertThat(view.applicationNumber()).isEqualTo(number);
    // 60 working days (deadlines.dmn, COLLECTION) over 1-7 October 2013 off and two worked weekend days
    assertThat(view.collection().until()).isEqualTo(LocalDate.of(2013, 12, 25));
    assertThat(lookup.lookup(id, "0000".equals(StatusTestData.last4(phone)) ? "0001" : "0000"))
        .isSameAs(StatusView.NOT_FOUND);

    ResponseEntity<JsonNode> response = http.postForEntity("/api/public/application-status",
        Map.of("idNumber", id, "phoneLast4", StatusTestData.last4(phone)), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody().get("status").asText()).isEqualTo("AT_ISSUING_UNIT");
    assertThat(LocalDate.parse(response.getBody().get("collection").get("until").asText()))
        .isEqualTo(view.collection().until());
  }
}
