package cn.panyu.card.custody;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.custody.process.CardHandoverProcess;
import cn.panyu.card.org.OrgUnitRepository;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
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

/**
 * With authorizations on and real users: GET /api/reports/custody (the card office and the leaders may
 * read it, a village may not), and the units' users working their handover tasks themselves.
 */
@H2Test
@Import(CustodyTestSupport.class)
// group ids such as district-card-office need hyphens (the org seeding sets this for the application)
@TestPropertySource(properties = "camunda.bpm.generic-properties.properties.general-resource-whitelist-pattern=[a-zA-Z0-9-]+")
class CustodyReportApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identityService;
  @Autowired CustodyLedger ledger;
  @Autowired HandoverService handovers;
  @Autowired TaskService taskService;
  @Autowired FormService formService;
  @Autowired OrgUnitRepository orgUnits;

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

  @Test
  void unitUsersWorkTheirOwnTasks_underAuthorization() {
    CustodyTestSupport.insertUnits(orgUnits);
    user("custody-town", "town-" + CustodyTestSupport.TOWN);
    List<CardRef> cards = CustodyTestSupport.makeCards(ledger, 2);
    String first = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc");
    complete(first, CardHandoverProcess.TASK_CONFIRM_RECEIPT, "custody-office", "district-card-office", Map.of());
    String second = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE,
        CustodyTestSupport.TOWN_LOC, cards, "custody-office");

    // a village user does not even see the town's task
    identityService.setAuthentication("custody-village", List.of("village-" + CustodyTestSupport.VILLAGE));
    try {
      assertThat(taskService.createTaskQuery().processInstanceBusinessKey(second).count()).isZero();
    } finally {
      identityService.clearAuthentication();
    }
    complete(second, CardHandoverProcess.TASK_CONFIRM_RECEIPT, "custody-town", "town-" + CustodyTestSupport.TOWN,
        Map.of(CardHandoverProcess.RECEIVED_COUNT, 1L));
    // the card office (the sender) lists the missing card: the re-dispatch starts a process under its login
    complete(second, CardHandoverProcess.TASK_CHECK_DISCREPANCY, "custody-office", "district-card-office",
        Map.of(CardHandoverProcess.DISCREPANCY_OUTCOME, CardHandoverProcess.OUTCOME_CARDS_MISSING,
            CardHandoverProcess.MISSING_CARD_NUMBERS, cards.get(1).cardNumber()));

    Handover h = handovers.find(second).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.PARTIALLY_RECEIVED);
    assertThat(h.confirmedBy()).isEqualTo("custody-office");
    assertThat(ledger.history(cards.get(0).cardNumber())).last().extracting(CardMovement::actor)
        .isEqualTo("custody-office");
    assertThat(handovers.find(first).orElseThrow().confirmedBy()).isEqualTo("custody-office");
    assertThat(ledger.custodyOf(cards.get(1).cardNumber()).orElseThrow().inTransit()).isTrue();
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  private void complete(String handoverId, String taskKey, String userId, String groupId, Map<String, Object> vars) {
    identityService.setAuthentication(userId, List.of(groupId));
    try {
      Task task = taskService.createTaskQuery().processInstanceBusinessKey(handoverId).taskDefinitionKey(taskKey)
          .singleResult();
      assertThat(task).as(taskKey + " visible to " + userId).isNotNull();
      taskService.claim(task.getId(), userId);
      formService.submitTaskForm(task.getId(), new java.util.HashMap<>(vars));
    } finally {
      identityService.clearAuthentication();
    }
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
