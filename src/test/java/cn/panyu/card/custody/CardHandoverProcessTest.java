package cn.panyu.card.custody;

import static cn.panyu.card.custody.CustodyTestSupport.*;
import static cn.panyu.card.custody.process.CardHandoverProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every path of processes/card-handover.bpmn on the whole application (H2), jobs run by the test: a box packed
 * with {@link HandoverService#createBox} and its instance started as a card-shipment's leg starts it.
 */
@H2Test
class CardHandoverProcessTest {

  @Autowired HandoverService handovers;
  @Autowired CustodyLedger ledger;
  @Autowired OrgUnitRepository units;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FormService formService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestCityCentreReturns cityCentre;
  @Autowired cn.panyu.card.process.TaskEscalations escalations;

  @BeforeEach
  void setUp() {
    identityService.clearAuthentication();
    insertUnits(units);
    cityCentre.failing = false;
  }

  @org.junit.jupiter.api.AfterEach
  void clockBack() {
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();
  }

  @Test
  void countMatches_cardsAreReceived() {
    List<CardRef> cards = makeCards(ledger, 3);
    String id = send(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc-clerk");

    assertThat(id).matches("HO-\\d{6}");
    ProcessInstance pi = instance(id);
    Map<String, Object> vars = runtimeService.getVariables(pi.getId());
    assertThat(vars).containsEntry(HANDOVER_ID.name(), id).containsEntry(PURPOSE.name(), "DELIVERY")
        .containsEntry(FROM_LOCATION.name(), "CITY_CENTRE").containsEntry(TO_LOCATION.name(), "DISTRICT_CARD_OFFICE")
        .containsEntry(FROM_NAME.name(), "市社保卡管理中心").containsEntry(TO_NAME.name(), "区卡办")
        .containsEntry(SENT_COUNT.name(), 3).containsEntry(RECEIVED_COUNT.name(), 3)
        .containsEntry(RECEIVER_GROUP.name(), "district-card-office");
    // in transit: still the sender's, counted once, under inTransit
    assertThat(ledger.currentLocation(cards.get(0).cardNumber())).isEqualTo("CITY_CENTRE");
    assertThat(ledger.custodyOf(cards.get(0).cardNumber()).orElseThrow())
        .isEqualTo(new CardCustody(cards.get(0).cardNumber(), "CITY_CENTRE", true, "DISTRICT_CARD_OFFICE", id));
    assertThat(ledger.reconcile().inTransit()).isGreaterThanOrEqualTo(3);

    Task task = receiptTask(pi);
    assertThat(candidateGroups(task)).containsExactly("district-card-office");
    assertThat(task.getDueDate()).isNotNull();
    assertFormDeploys(task, "handover-receipt");

    // the form as it opens: receivedCount pre-filled with sentCount (form-js submits numbers as Long)
    formService.submitTaskForm(task.getId(), RECEIVED_COUNT.with(3L));

    assertEnded(pi);
    Handover h = handovers.find(id).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.RECEIVED);
    assertThat(h.receivedCount()).isEqualTo(3);
    assertThat(h.reportedCount()).isEqualTo(3);
    assertThat(h.confirmedAt()).isNotNull();
    assertThat(h.processInstanceId()).isEqualTo(pi.getId());
    for (CardRef card : cards) {
      assertThat(ledger.currentLocation(card.cardNumber())).isEqualTo("DISTRICT_CARD_OFFICE");
      assertThat(ledger.history(card.cardNumber())).extracting(CardMovement::kind)
          .containsExactly(MovementKind.MADE, MovementKind.HANDED_OVER, MovementKind.RECEIVED);
    }
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void individualAndCollectiveChains_downAndBackUp() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String toVillage = send(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    Map<String, Object> vars = runtimeService.getVariables(instance(toVillage).getId());
    assertThat(vars).containsEntry(RECEIVER_GROUP.name(), "village-" + VILLAGE)
        .containsEntry(DISCREPANCY_GROUP.name(), "town-" + TOWN).containsEntry(TO_NAME.name(), "测试村");
    complete(receiptTask(instance(toVillage)), Map.of());
    ledger.recordIssued(cards.get(0).cardNumber(), "village-clerk");
    assertThat(ledger.currentLocation(cards.get(0).cardNumber())).isEqualTo("HOLDER");

    // the card not collected goes back up: village → town → card office, received as RECOVERED
    List<CardRef> overdue = List.of(cards.get(1));
    String up = deliver(HandoverPurpose.RECOVERY, VILLAGE_LOC, TOWN_LOC, overdue);
    assertThat(ledger.latest(cards.get(1).cardNumber()).orElseThrow().kind()).isEqualTo(MovementKind.RECOVERED);
    assertThat(handovers.find(up).orElseThrow().purpose()).isEqualTo(HandoverPurpose.RECOVERY);
    deliver(HandoverPurpose.RECOVERY, TOWN_LOC, Locations.DISTRICT_CARD_OFFICE, overdue);
    assertThat(ledger.currentLocation(cards.get(1).cardNumber())).isEqualTo("DISTRICT_CARD_OFFICE");

    // collective chain: card office → department → institution
    List<CardRef> batch = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, batch);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, DEPARTMENT_LOC, batch);
    String toInstitution = send(HandoverPurpose.DELIVERY, DEPARTMENT_LOC, INSTITUTION_LOC, batch, "d");
    assertThat(runtimeService.getVariables(instance(toInstitution).getId()))
        .containsEntry(RECEIVER_GROUP.name(), "institution-" + INSTITUTION);
    complete(receiptTask(instance(toInstitution)), Map.of());
    assertThat(ledger.currentLocation(batch.get(1).cardNumber())).isEqualTo(INSTITUTION_LOC);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void countDiffers_recountMatches_allCardsReceived() {
    List<CardRef> cards = makeCards(ledger, 3);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    String id = send(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards, "office");
    ProcessInstance pi = instance(id);

    complete(receiptTask(pi), RECEIVED_COUNT.with(2L).and(RECEIPT_REMARKS, "箱内只清点到两张"));
    assertThat(handovers.find(id).orElseThrow().status()).isEqualTo(HandoverStatus.DISCREPANCY);
    assertThat(ledger.custodyOf(cards.get(0).cardNumber()).orElseThrow().inTransit()).isTrue();

    Task check = task(pi, TASK_CHECK_DISCREPANCY);
    assertThat(candidateGroups(check)).containsExactly("district-card-office"); // the sender
    assertThat(check.getDueDate()).isNotNull();
    assertFormDeploys(check, "handover-discrepancy");
    complete(check, DISCREPANCY_OUTCOME.with(OUTCOME_RECOUNT_MATCHES).and(DISCREPANCY_REMARKS, "复核为三张"));

    assertEnded(pi);
    Handover h = handovers.find(id).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.RECEIVED);
    assertThat(h.reportedCount()).isEqualTo(2);
    assertThat(h.receivedCount()).isEqualTo(3);
    assertThat(h.remarks()).contains("箱内只清点到两张").contains("复核为三张");
    cards.forEach(c -> assertThat(ledger.currentLocation(c.cardNumber())).isEqualTo(TOWN_LOC));
  }

  @Test
  void countDiffers_missingCardsStayWithTheSenderAndGoOutAgain() {
    List<CardRef> cards = makeCards(ledger, 3);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String id = send(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    ProcessInstance pi = instance(id);
    complete(receiptTask(pi), RECEIVED_COUNT.with(2L));
    Task check = task(pi, TASK_CHECK_DISCREPANCY);
    assertThat(candidateGroups(check)).containsExactly("town-" + TOWN);
    CardRef missing = cards.get(2);

    // a card number that is not in the box is refused, and nothing is recorded
    assertThatThrownBy(() -> complete(check, DISCREPANCY_OUTCOME.with(OUTCOME_CARDS_MISSING)
        .and(MISSING_CARD_NUMBERS, "NO-SUCH-CARD")))
        .hasMessageContaining("不在交接单");
    assertThat(task(pi, TASK_CHECK_DISCREPANCY)).isNotNull();
    assertThat(ledger.custodyOf(missing.cardNumber()).orElseThrow().inTransit()).isTrue();
    // leaving the outcome empty is refused too: a differing count is never accepted silently
    assertThatThrownBy(() -> complete(check, Map.of())).hasMessageContaining("核查结果");

    complete(check, DISCREPANCY_OUTCOME.with(OUTCOME_CARDS_MISSING)
        .and(MISSING_CARD_NUMBERS, " " + missing.cardNumber() + "\n"));

    assertEnded(pi);
    Handover h = handovers.find(id).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.PARTIALLY_RECEIVED);
    assertThat(h.receivedCount()).isEqualTo(2);
    assertThat(ledger.currentLocation(cards.get(0).cardNumber())).isEqualTo(VILLAGE_LOC);
    assertThat(ledger.currentLocation(cards.get(1).cardNumber())).isEqualTo(VILLAGE_LOC);
    // the missing card was NOT_RECEIVED: back with the town, at rest, for its shipment's next leg
    assertThat(ledger.history(missing.cardNumber())).extracting(CardMovement::kind).endsWith(
        MovementKind.HANDED_OVER, MovementKind.NOT_RECEIVED);
    CardCustody back = ledger.custodyOf(missing.cardNumber()).orElseThrow();
    assertThat(back.location()).isEqualTo(TOWN_LOC);
    assertThat(back.inTransit()).isFalse();
    assertThat(jdbc.queryForList("select received from handover_item where handover_id = ? order by card_number",
        Boolean.class, id)).containsExactlyInAnyOrder(true, true, false);
    assertThat(ledger.reconcile().unaccounted()).isZero();

    String again = send(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, List.of(missing), "town-clerk");
    complete(receiptTask(instance(again)), Map.of());
    assertThat(ledger.currentLocation(missing.cardNumber())).isEqualTo(VILLAGE_LOC);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void anOverdueReceiptOrCheckIsEscalatedToTheUnitAboveByTheSweep() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String id = send(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    ProcessInstance pi = instance(id);
    Task receipt = receiptTask(pi);
    assertThat(receipt.getFollowUpDate()).isAfter(receipt.getCreateTime());

    sweepAfter(java.time.Duration.ofDays(10));
    // escalation-targets.dmn: a village's overdue task goes to its town, as every other task
    assertThat(candidateGroups(receiptTask(pi))).containsExactlyInAnyOrder("village-" + VILLAGE, "town-" + TOWN);
    assertThat(receiptTask(pi).getPriority()).isGreaterThanOrEqualTo(80);
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();

    complete(receiptTask(pi), RECEIVED_COUNT.with(3L));
    sweepAfter(java.time.Duration.ofDays(10));
    // the sender's check: the town's, escalated to the card office
    assertThat(candidateGroups(task(pi, TASK_CHECK_DISCREPANCY)))
        .containsExactlyInAnyOrder("town-" + TOWN, "district-card-office");
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    complete(task(pi, TASK_CHECK_DISCREPANCY), DISCREPANCY_OUTCOME.with(OUTCOME_RECOUNT_MATCHES));
    assertEnded(pi);
    assertThat(handovers.find(id).orElseThrow().status()).isEqualTo(HandoverStatus.RECEIVED);
  }

  private void sweepAfter(java.time.Duration later) {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        new java.util.Date(System.currentTimeMillis() + later.toMillis()));
    while (escalations.escalateDue(500)) {
      // rounds until none is due, as the model loops
    }
  }

  @Test
  void returnToCityCentre_retriedThenIncident_thenReturned() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    String id = send(HandoverPurpose.RECOVERY, Locations.DISTRICT_CARD_OFFICE, Locations.CITY_CENTRE,
        cards, "office");
    ProcessInstance pi = instance(id);
    Job job = managementService.createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(job).isNotNull();
    assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();

    cityCentre.failing = true;
    int attempts = 0;
    while (attempts < 10 && retries(pi) > 0) {
      attempts++;
      try {
        managementService.executeJob(job.getId());
      } catch (RuntimeException expected) {
        // the engine records the failure and decrements the retries
      }
    }
    assertThat(attempts).isGreaterThan(1); // retried, per the model's failedJobRetryTimeCycle
    assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);
    assertThat(ledger.custodyOf(cards.get(0).cardNumber()).orElseThrow().inTransit()).isTrue();
    assertThat(cityCentre.calls).noneMatch(c -> c.startsWith(id));

    // the centre answers again; an operator retries the job from Cockpit
    cityCentre.failing = false;
    managementService.setJobRetries(job.getId(), 1);
    managementService.executeJob(job.getId());

    assertEnded(pi);
    assertThat(cityCentre.calls).contains(id + ":2");
    assertThat(handovers.find(id).orElseThrow().status()).isEqualTo(HandoverStatus.RETURNED);
    cards.forEach(c -> assertThat(ledger.currentLocation(c.cardNumber())).isEqualTo("RETURNED"));
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void signOffSheets_travelUpTheChain_cardsStayWithTheirHolders() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, DEPARTMENT_LOC, cards);
    deliver(HandoverPurpose.DELIVERY, DEPARTMENT_LOC, INSTITUTION_LOC, cards);
    ledger.recordIssued(cards.get(0).cardNumber(), "school-clerk");
    // a card not handed out cannot be on a sign-off sheet
    assertThatThrownBy(() -> send(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC,
        cards, "school-clerk")).hasMessageContaining("尚未发放");
    ledger.recordIssued(cards.get(1).cardNumber(), "school-clerk");
    int movements = ledger.history(cards.get(0).cardNumber()).size();

    String up = send(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC, cards, "s");
    assertThat(runtimeService.getVariables(instance(up).getId()))
        .containsEntry(CONTENT_NAME.name(), "签收表（按所列卡片计数）").containsEntry(RECEIVER_GROUP.name(), "department-" + DEPARTMENT);
    assertThatThrownBy(() -> send(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC,
        cards, "s")).hasMessageContaining("正在交接");
    complete(receiptTask(instance(up)), Map.of());
    deliver(HandoverPurpose.SIGN_OFF_SHEETS, DEPARTMENT_LOC, Locations.DISTRICT_CARD_OFFICE, cards);

    String toCentre = send(HandoverPurpose.SIGN_OFF_SHEETS, Locations.DISTRICT_CARD_OFFICE,
        Locations.CITY_CENTRE, cards, "office");
    ProcessInstance pi = instance(toCentre);
    managementService.executeJob(managementService.createJobQuery().processInstanceId(pi.getId()).singleResult().getId());
    assertEnded(pi);
    assertThat(cityCentre.calls).contains(toCentre + ":sheets:2");
    assertThat(handovers.find(toCentre).orElseThrow().status()).isEqualTo(HandoverStatus.RETURNED);
    // the sheets moved, the cards did not
    assertThat(ledger.history(cards.get(0).cardNumber())).hasSize(movements);
    cards.forEach(c -> assertThat(ledger.currentLocation(c.cardNumber())).isEqualTo("HOLDER"));
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void dispatchRefusesCardsTheSenderDoesNotHold_andWritesNothing() {
    List<CardRef> cards = makeCards(ledger, 2);
    Integer before = jdbc.queryForObject("select count(*) from handover", Integer.class);
    assertThatThrownBy(() -> send(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC,
        cards, "office")).hasMessageContaining("不在");
    String id = send(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc");
    // in transit: cannot be handed over again before it is received
    assertThatThrownBy(() -> send(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE,
        Locations.DISTRICT_CARD_OFFICE, cards, "ccc")).hasMessageContaining("运送中");
    assertThatThrownBy(() -> send(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, "VILLAGE:NOPE",
        makeCards(ledger, 1), "ccc")).hasMessageContaining("不存在");
    assertThat(jdbc.queryForObject("select count(*) from handover", Integer.class)).isEqualTo(before + 1);
    assertThat(handovers.items(id)).hasSize(2);
    // a duplicate card-making callback does not make the card twice
    assertThat(ledger.recordMade(cards.get(0).cardNumber(), cards.get(0).applicationNumber())).isFalse();
  }

  // --- helpers

  /** Packs a box and starts its card-handover instance, as a card-shipment's leg does; returns the handover id. */
  private String send(HandoverPurpose purpose, String from, String to, List<CardRef> cards, String actor) {
    String id = handovers.createBox(purpose, from, to, cards, actor, null);
    runtimeService.startProcessInstanceByKey(PROCESS_KEY, id, HANDOVER_ID.with(id));
    return id;
  }

  /** Sends and receives a box on the normal path; returns the handover id. */
  private String deliver(HandoverPurpose purpose, String from, String to, List<CardRef> cards) {
    String id = send(purpose, from, to, cards, "clerk");
    ProcessInstance pi = instance(id);
    complete(receiptTask(pi), Map.of());
    assertEnded(pi);
    return id;
  }

  private ProcessInstance instance(String handoverId) {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
        .processInstanceBusinessKey(handoverId).singleResult();
  }

  private Task receiptTask(ProcessInstance pi) {
    return task(pi, TASK_CONFIRM_RECEIPT);
  }

  private Task task(ProcessInstance pi, String key) {
    Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
    assertThat(task).as("task " + key).isNotNull();
    return task;
  }

  private int retries(ProcessInstance pi) {
    return managementService.createJobQuery().processInstanceId(pi.getId()).singleResult().getRetries();
  }

  private void complete(Task task, Map<String, Object> variables) {
    formService.submitTaskForm(task.getId(), new HashMap<>(variables));
  }

  private List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
        .filter(g -> g != null).toList();
  }

  private void assertFormDeploys(Task task, String formId) {
    try (InputStream form = formService.getDeployedTaskForm(task.getId())) {
      assertThat(new String(form.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"id\": \"" + formId + "\"");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private void assertEnded(ProcessInstance pi) {
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(pi.getId()).count())
        .as("process instance ended").isZero();
  }
}
