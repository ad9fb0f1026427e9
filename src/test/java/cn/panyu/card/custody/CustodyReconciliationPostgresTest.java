package cn.panyu.card.custody;

import static cn.panyu.card.custody.CustodyTestSupport.*;
import static cn.panyu.card.custody.process.CardHandoverProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.PostgresTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** On real PostgreSQL: every card made is accounted for exactly once. */
@PostgresTest
class CustodyReconciliationPostgresTest {


  @Autowired HandoverService handovers;
  @Autowired CustodyLedger ledger;
  @Autowired OrgUnitRepository units;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FormService formService;
  @Autowired ManagementService managementService;
  @Autowired IdentityService identityService;
  @Autowired JdbcTemplate jdbc;

  @Test
  void reconciliationIsExact() {
    identityService.clearAuthentication();
    insertUnits(units);
    assertThat(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName())).isEqualTo("PostgreSQL");
    // other test classes share this database: totals are compared as what this test added
    CustodyReconciliation before = ledger.reconcile();
    List<CardRef> cards = makeCards(ledger, 10);

    receive(send(handovers, runtimeService, HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc"), Map.of());
    // six to the town, received; then five of them to the village, one found missing (back with the town)
    List<CardRef> town = cards.subList(0, 6);
    receive(send(handovers, runtimeService, HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, town, "o"), Map.of());
    String toVillage = send(handovers, runtimeService, HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, town.subList(0, 5), "t");
    receive(toVillage, RECEIVED_COUNT.with(4L));
    formService.submitTaskForm(task(toVillage, TASK_CHECK_DISCREPANCY),
        DISCREPANCY_OUTCOME.with(OUTCOME_CARDS_MISSING).and(MISSING_CARD_NUMBERS, town.get(4).cardNumber()));
    // two issued at the village
    ledger.recordIssued(town.get(0).cardNumber(), "v");
    ledger.recordIssued(town.get(1).cardNumber(), "v");
    // three on their way to a department
    send(handovers, runtimeService, HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, DEPARTMENT_LOC, cards.subList(6, 9), "o");
    // one back to the City Card Centre
    String back = send(handovers, runtimeService, HandoverPurpose.RECOVERY, Locations.DISTRICT_CARD_OFFICE, Locations.CITY_CENTRE,
        cards.subList(9, 10), "o");
    managementService.executeJob(managementService.createJobQuery().processInstanceId(instance(back).getId())
        .singleResult().getId());

    CustodyReconciliation r = ledger.reconcile();
    assertThat(r.made() - before.made()).isEqualTo(10);
    // village: 4 received − 2 issued; town: 1 kept (never sent on) and the missing one back
    assertThat(r.heldByLocation()).containsEntry(VILLAGE_LOC, 2L).containsEntry(TOWN_LOC, 2L);
    assertThat(r.inTransit() - before.inTransit()).isEqualTo(3);
    assertThat(r.issued() - before.issued()).isEqualTo(2);
    assertThat(r.returned() - before.returned()).isEqualTo(1);
    assertThat(r.unaccounted()).isZero();
    assertThat(ledger.currentLocation(town.get(4).cardNumber())).isEqualTo(TOWN_LOC);
    // the report reads card_location; the ledger alone says the same
    assertThat(ledger.reconcileFromLedger()).isEqualTo(r);
    assertThat(jdbc.queryForObject("select count(*) from card_location l join card_movement m on m.card_number ="
        + " l.card_number and m.seq = l.seq and m.kind = l.kind and m.to_location = l.to_location", Long.class))
        .isEqualTo(jdbc.queryForObject("select count(distinct card_number) from card_movement", Long.class));
  }

  private void receive(String handoverId, Map<String, Object> variables) {
    formService.submitTaskForm(task(handoverId, TASK_CONFIRM_RECEIPT), new HashMap<>(variables));
  }

  private String task(String handoverId, String key) {
    return taskService.createTaskQuery().processInstanceId(instance(handoverId).getId()).taskDefinitionKey(key)
        .singleResult().getId();
  }

  private ProcessInstance instance(String handoverId) {
    return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(handoverId).singleResult();
  }
}
