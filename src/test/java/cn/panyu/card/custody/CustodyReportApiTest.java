package cn.panyu.card.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.custody.process.CardHandoverProcess;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * With authorizations on and real users: GET /api/reports/custody (the card office and the leaders may
 * read it, a village may not), and the units' users working their handover tasks themselves.
 */
@H2Test
class CustodyReportApiTest {

  @Autowired cn.panyu.card.org.AccessGrants accessGrants;

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identityService;
  @Autowired CustodyLedger ledger;
  @Autowired HandoverService handovers;
  @Autowired CustodyReportController controller;
  @Autowired TaskService taskService;
  @Autowired org.camunda.bpm.engine.RuntimeService runtimeService;
  @Autowired FormService formService;
  @Autowired OrgUnitRepository orgUnits;

  @BeforeEach
  void users() {
    identityService.clearAuthentication();
    // groups with hyphens (district-card-office) need the org seeding's resource id pattern; "leaders" does not
    user("custodyleader", "leaders");
    user("custodynobody", null);
  }

  @Test
  @SuppressWarnings("rawtypes")
  void leadersReadTheReconciliation() {
    CustodyTestSupport.makeCards(ledger, 2);
    ResponseEntity<Map> response = rest.withBasicAuth("custodyleader", "secret")
        .getForEntity("/api/reports/custody", Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(((Number) response.getBody().get("made")).longValue()).isGreaterThanOrEqualTo(2);
    assertThat(((Number) response.getBody().get("unaccounted")).longValue()).isZero();
    assertThat((Map) response.getBody().get("heldByLocation")).containsKey("CITY_CENTRE");
    assertThat(response.getBody()).containsKeys("inTransit", "issued", "returned");
  }

  @Test
  void othersMayNot() {
    assertThat(rest.withBasicAuth("custodynobody", "secret").getForEntity("/api/reports/custody", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/reports/custody", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void cardOfficeAndLeadersOnly_byGroup() {
    identityService.setAuthentication("someone", List.of("district-card-office"));
    try {
      assertThat(controller.custody().unaccounted()).isZero();
    } finally {
      identityService.clearAuthentication();
    }
    identityService.setAuthentication("someone", List.of("village-" + CustodyTestSupport.VILLAGE, "town-x"));
    try {
      assertThatThrownBy(() -> controller.custody()).isInstanceOf(AccessDeniedException.class);
    } finally {
      identityService.clearAuthentication();
    }
  }

  @Test
  void unitUsersWorkTheirOwnTasks_underAuthorization() {
    CustodyTestSupport.insertUnits(orgUnits);
    List<CardRef> cards = CustodyTestSupport.makeCards(ledger, 2);
    String first = CustodyTestSupport.send(handovers, runtimeService, HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc");
    complete(first, CardHandoverProcess.TASK_CONFIRM_RECEIPT, "custodyoffice", "district-card-office", Map.of());
    String second = CustodyTestSupport.send(handovers, runtimeService, HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE,
        CustodyTestSupport.TOWN_LOC, cards, "custodyoffice");

    // a village user does not even see the town's task
    identityService.setAuthentication("custodyvillage", List.of("village-" + CustodyTestSupport.VILLAGE));
    try {
      assertThat(taskService.createTaskQuery().processInstanceBusinessKey(second).count()).isZero();
    } finally {
      identityService.clearAuthentication();
    }
    complete(second, CardHandoverProcess.TASK_CONFIRM_RECEIPT, "custodytown", "town-" + CustodyTestSupport.TOWN,
        CardHandoverProcess.RECEIVED_COUNT.with(1L));
    // the card office (the sender) lists the missing card, which stays in its custody
    complete(second, CardHandoverProcess.TASK_CHECK_DISCREPANCY, "custodyoffice", "district-card-office",
        CardHandoverProcess.DISCREPANCY_OUTCOME.with(CardHandoverProcess.OUTCOME_CARDS_MISSING)
            .and(CardHandoverProcess.MISSING_CARD_NUMBERS, cards.get(1).cardNumber()));

    Handover h = handovers.find(second).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.PARTIALLY_RECEIVED);
    assertThat(h.confirmedBy()).isEqualTo("custodyoffice");
    assertThat(ledger.history(cards.get(0).cardNumber())).last().extracting(CardMovement::actor)
        .isEqualTo("custodyoffice");
    assertThat(handovers.find(first).orElseThrow().confirmedBy()).isEqualTo("custodyoffice");
    assertThat(ledger.custodyOf(cards.get(1).cardNumber()).orElseThrow().location())
        .isEqualTo(Locations.DISTRICT_CARD_OFFICE);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  private void complete(String handoverId, String taskKey, String userId, String groupId, Map<String, Object> vars) {
    // what every unit group gets from the seeding: reading the process definitions it works with
    accessGrants.grant(groupId, org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION, "*",
        org.camunda.bpm.engine.authorization.Permissions.READ);
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
    if (groupId != null && identityService.createGroupQuery().groupId(groupId).count() == 0) {
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
      if (groupId != null) {
        identityService.createMembership(id, groupId);
      }
    }
  }
}
