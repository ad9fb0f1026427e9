package cn.panyu.card.custody;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** GET /api/reports/custody: the card office and the leaders may read it, a village may not. */
@H2Test
@Import(CustodyTestSupport.class)
// group ids such as district-card-office need hyphens (the org seeding sets this for the application)
@TestPropertySource(properties = "camunda.bpm.generic-properties.properties.general-resource-whitelist-pattern=[a-zA-Z0-9-]+")
class CustodyReportApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identityService;
  @Autowired CustodyLedger ledger;

  @BeforeEach
  void users() {
    identityService.clearAuthentication();
    user("custody-office", "district-card-office");
    user("custody-leader", "leaders");
    user("custody-village", "village-" + CustodyTestSupport.VILLAGE);
  }

  @Test
  @SuppressWarnings("rawtypes")
  void cardOfficeAndLeadersReadTheReconciliation() {
    CustodyTestSupport.makeCards(ledger, 2);
    for (String user : new String[] {"custody-office", "custody-leader"}) {
      ResponseEntity<Map> response = rest.withBasicAuth(user, "secret").getForEntity("/api/reports/custody", Map.class);
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(((Number) response.getBody().get("made")).longValue()).isGreaterThanOrEqualTo(2);
      assertThat(((Number) response.getBody().get("unaccounted")).longValue()).isZero();
      assertThat((Map) response.getBody().get("heldByLocation")).containsKey("CITY_CENTRE");
    }
  }

  @Test
  void aVillageMayNot() {
    assertThat(rest.withBasicAuth("custody-village", "secret").getForEntity("/api/reports/custody", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/reports/custody", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private void user(String id, String groupId) {
    if (identityService.createGroupQuery().groupId(groupId).count() == 0) {
      Group group = identityService.newGroup(groupId);
      group.setName(groupId);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
    if (identityService.createUserQuery().userId(id).count() == 0) {
      User user = identityService.newUser(id);
      user.setPassword("secret");
      user.setFirstName(id);
      user.setLastName("测试");
      identityService.saveUser(user);
      identityService.createMembership(id, groupId);
    }
  }
}
