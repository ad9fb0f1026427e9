package cn.panyu.card.custody;

import org.springframework.test.context.bean.override.mockito.MockitoBean;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every path of processes/card-handover.bpmn on the whole application (H2), jobs run by the test. */
@H2Test
class CardHandoverProcessTest {

  // the handover mechanism on its own: the issuance paths' routing of boxes (delivery.CardRouting) stays out
  @MockitoBean cn.panyu.card.delivery.CardRouting cardRouting;

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
  @Autowired RecordingHandoverListener listener;

  @BeforeEach
  void setUp() {
    identityService.clearAuthentication();
    insertUnits(units);
    cityCentre.failing = false;
  }

  @Test
  void countMatches_cardsAreReceivedAndTheHookIsCalled() {
    List<CardRef> cards = makeCards(ledger, 3);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc-clerk");

    assertThat(id).matches("HO-\\d{6}");
    ProcessInstance pi = instance(id);
    Map<String, Object> vars = runtimeService.getVariables(pi.getId());
    assertThat(vars).containsEntry(HANDOVER_ID, id).containsEntry(PURPOSE, "DELIVERY")
        .containsEntry(FROM_LOCATION, "CITY_CENTRE").containsEntry(TO_LOCATION, "DISTRICT_CARD_OFFICE")
        .containsEntry(FROM_NAME, "市社保卡管理中心").containsEntry(TO_NAME, "区卡办")
        .containsEntry(SENT_COUNT, 3).containsEntry(RECEIVED_COUNT, 3)
        .containsEntry(RECEIVER_GROUP, "district-card-office").containsEntry(ESCALATION_GROUP, "leaders");
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
    formService.submitTaskForm(task.getId(), Map.of(RECEIVED_COUNT, 3L));

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
    assertThat(listener.of(id).cards()).containsExactlyInAnyOrderElementsOf(cards);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void individualAndCollectiveChains_downAndBackUp() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String toVillage = handovers.dispatch(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    Map<String, Object> vars = runtimeService.getVariables(instance(toVillage).getId());
    assertThat(vars).containsEntry(RECEIVER_GROUP, "village-" + VILLAGE).containsEntry(ESCALATION_GROUP, "town-" + TOWN)
        .containsEntry(DISCREPANCY_GROUP, "town-" + TOWN).containsEntry(DISCREPANCY_ESCALATION_GROUP, "district-card-office")
        .containsEntry(TO_NAME, "测试村");
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

    // collective chain: card office → department → institution; the escalation of an institution is its department
    List<CardRef> batch = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, batch);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, DEPARTMENT_LOC, batch);
    String toInstitution = handovers.dispatch(HandoverPurpose.DELIVERY, DEPARTMENT_LOC, INSTITUTION_LOC, batch, "d");
    assertThat(runtimeService.getVariables(instance(toInstitution).getId()))
        .containsEntry(RECEIVER_GROUP, "institution-" + INSTITUTION)
        .containsEntry(ESCALATION_GROUP, "department-" + DEPARTMENT);
    complete(receiptTask(instance(toInstitution)), Map.of());
    assertThat(ledger.currentLocation(batch.get(1).cardNumber())).isEqualTo(INSTITUTION_LOC);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void countDiffers_recountMatches_allCardsReceived() {
    List<CardRef> cards = makeCards(ledger, 3);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards, "office");
    ProcessInstance pi = instance(id);

    complete(receiptTask(pi), Map.of(RECEIVED_COUNT, 2L, RECEIPT_REMARKS, "箱内只清点到两张"));
    assertThat(handovers.find(id).orElseThrow().status()).isEqualTo(HandoverStatus.DISCREPANCY);
    assertThat(ledger.custodyOf(cards.get(0).cardNumber()).orElseThrow().inTransit()).isTrue();

    Task check = task(pi, TASK_CHECK_DISCREPANCY);
    assertThat(candidateGroups(check)).containsExactly("district-card-office"); // the sender
    assertThat(check.getDueDate()).isNotNull();
    assertFormDeploys(check, "handover-discrepancy");
    complete(check, Map.of(DISCREPANCY_OUTCOME, OUTCOME_RECOUNT_MATCHES, DISCREPANCY_REMARKS, "复核为三张"));

    assertEnded(pi);
    Handover h = handovers.find(id).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.RECEIVED);
    assertThat(h.reportedCount()).isEqualTo(2);
    assertThat(h.receivedCount()).isEqualTo(3);
    assertThat(h.remarks()).contains("箱内只清点到两张").contains("复核为三张");
    cards.forEach(c -> assertThat(ledger.currentLocation(c.cardNumber())).isEqualTo(TOWN_LOC));
    assertThat(listener.of(id).cards()).hasSize(3);
  }

  @Test
  void countDiffers_missingCardsStayWithTheSenderAndGoOutAgain() {
    List<CardRef> cards = makeCards(ledger, 3);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    ProcessInstance pi = instance(id);
    complete(receiptTask(pi), Map.of(RECEIVED_COUNT, 2L));
    Task check = task(pi, TASK_CHECK_DISCREPANCY);
    assertThat(candidateGroups(check)).containsExactly("town-" + TOWN);
    CardRef missing = cards.get(2);

    // a card number that is not in the box is refused, and nothing is recorded
    assertThatThrownBy(() -> complete(check, Map.of(DISCREPANCY_OUTCOME, OUTCOME_CARDS_MISSING,
        MISSING_CARD_NUMBERS, "NO-SUCH-CARD")))
        .hasMessageContaining("不在交接单");
    assertThat(task(pi, TASK_CHECK_DISCREPANCY)).isNotNull();
    assertThat(ledger.custodyOf(missing.cardNumber()).orElseThrow().inTransit()).isTrue();
    // leaving the outcome empty is refused too: a differing count is never accepted silently
    assertThatThrownBy(() -> complete(check, Map.of())).hasMessageContaining("核查结果");

    complete(check, Map.of(DISCREPANCY_OUTCOME, OUTCOME_CARDS_MISSING, MISSING_CARD_NUMBERS, " " + missing.cardNumber() + "\n"));

    assertEnded(pi);
    Handover h = handovers.find(id).orElseThrow();
    assertThat(h.status()).isEqualTo(HandoverStatus.PARTIALLY_RECEIVED);
    assertThat(h.receivedCount()).isEqualTo(2);
    assertThat(ledger.currentLocation(cards.get(0).cardNumber())).isEqualTo(VILLAGE_LOC);
    assertThat(ledger.currentLocation(cards.get(1).cardNumber())).isEqualTo(VILLAGE_LOC);
    assertThat(listener.of(id).cards()).containsExactlyInAnyOrder(cards.get(0), cards.get(1));
    // the missing card was NOT_RECEIVED back at the town, then handed over again in a new handover
    assertThat(ledger.history(missing.cardNumber())).extracting(CardMovement::kind).endsWith(
        MovementKind.HANDED_OVER, MovementKind.NOT_RECEIVED, MovementKind.HANDED_OVER);
    String again = (String) historyService.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(REDISPATCH_HANDOVER_ID).singleResult().getValue();
    Handover redispatch = handovers.find(again).orElseThrow();
    assertThat(redispatch.redispatchOf()).isEqualTo(id);
    assertThat(redispatch.sentCount()).isEqualTo(1);
    assertThat(handovers.items(again)).containsExactly(missing);
    assertThat(ledger.custodyOf(missing.cardNumber()).orElseThrow())
        .isEqualTo(new CardCustody(missing.cardNumber(), TOWN_LOC, true, VILLAGE_LOC, again));
    assertThat(ledger.reconcile().unaccounted()).isZero();

    complete(receiptTask(instance(again)), Map.of());
    assertThat(ledger.currentLocation(missing.cardNumber())).isEqualTo(VILLAGE_LOC);
    assertThat(listener.of(again).cards()).containsExactly(missing);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void receiptOverdue_supervisorTaskWhileTheReceiptTaskStays() {
    List<CardRef> cards = makeCards(ledger, 1);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    ProcessInstance pi = instance(id);

    managementService.executeJob(timer(pi, TIMER_RECEIPT_OVERDUE).getId());

    Task supervise = task(pi, TASK_SUPERVISE_RECEIPT);
    assertThat(candidateGroups(supervise)).containsExactly("town-" + TOWN);
    assertThat(supervise.getDueDate()).isNotNull();
    assertFormDeploys(supervise, "handover-escalation");
    assertThat(receiptTask(pi)).isNotNull();

    // the receipt ends the handover; the supervision, no longer needed, closes with it
    complete(receiptTask(pi), Map.of());
    assertEnded(pi);
    assertThat(ledger.currentLocation(cards.get(0).cardNumber())).isEqualTo(VILLAGE_LOC);
  }

  @Test
  void supervisorCompletesFirst_receiptStillPending() {
    List<CardRef> cards = makeCards(ledger, 1);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc");
    ProcessInstance pi = instance(id);
    managementService.executeJob(timer(pi, TIMER_RECEIPT_OVERDUE).getId());
    Task supervise = task(pi, TASK_SUPERVISE_RECEIPT);
    assertThat(candidateGroups(supervise)).containsExactly("leaders");
    complete(supervise, Map.of("supervisionRemarks", "已电话督促"));
    assertThat(receiptTask(pi)).isNotNull();
    complete(receiptTask(pi), Map.of());
    assertEnded(pi);
  }

  @Test
  void discrepancyOverdue_supervisorOfTheSender() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    deliver(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC, cards);
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards, "town-clerk");
    ProcessInstance pi = instance(id);
    complete(receiptTask(pi), Map.of(RECEIVED_COUNT, 3L));

    managementService.executeJob(timer(pi, TIMER_DISCREPANCY_OVERDUE).getId());

    Task supervise = task(pi, TASK_SUPERVISE_DISCREPANCY);
    assertThat(candidateGroups(supervise)).containsExactly("district-card-office");
    assertFormDeploys(supervise, "handover-escalation");
    complete(task(pi, TASK_CHECK_DISCREPANCY), Map.of(DISCREPANCY_OUTCOME, OUTCOME_RECOUNT_MATCHES));
    assertEnded(pi);
    assertThat(handovers.find(id).orElseThrow().status()).isEqualTo(HandoverStatus.RECEIVED);
  }

  @Test
  void returnToCityCentre_retriedThenIncident_thenReturned() {
    List<CardRef> cards = makeCards(ledger, 2);
    deliver(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards);
    String id = handovers.dispatch(HandoverPurpose.RECOVERY, Locations.DISTRICT_CARD_OFFICE, Locations.CITY_CENTRE,
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
    assertThat(listener.of(id).cards()).hasSize(2);
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
    assertThatThrownBy(() -> handovers.dispatch(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC,
        cards, "school-clerk")).hasMessageContaining("尚未发放");
    ledger.recordIssued(cards.get(1).cardNumber(), "school-clerk");
    int movements = ledger.history(cards.get(0).cardNumber()).size();

    String up = handovers.dispatch(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC, cards, "s");
    assertThat(runtimeService.getVariables(instance(up).getId()))
        .containsEntry(CONTENT_NAME, "签收表（按所列卡片计数）").containsEntry(RECEIVER_GROUP, "department-" + DEPARTMENT);
    assertThatThrownBy(() -> handovers.dispatch(HandoverPurpose.SIGN_OFF_SHEETS, INSTITUTION_LOC, DEPARTMENT_LOC,
        cards, "s")).hasMessageContaining("正在交接");
    complete(receiptTask(instance(up)), Map.of());
    assertThat(listener.of(up).cards()).hasSize(2);
    deliver(HandoverPurpose.SIGN_OFF_SHEETS, DEPARTMENT_LOC, Locations.DISTRICT_CARD_OFFICE, cards);

    String toCentre = handovers.dispatch(HandoverPurpose.SIGN_OFF_SHEETS, Locations.DISTRICT_CARD_OFFICE,
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
    assertThatThrownBy(() -> handovers.dispatch(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC,
        cards, "office")).hasMessageContaining("不在");
    String id = handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc");
    // in transit: cannot be handed over again before it is received
    assertThatThrownBy(() -> handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE,
        Locations.DISTRICT_CARD_OFFICE, cards, "ccc")).hasMessageContaining("运送中");
    assertThatThrownBy(() -> handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, "VILLAGE:NOPE",
        makeCards(ledger, 1), "ccc")).hasMessageContaining("不存在");
    assertThat(jdbc.queryForObject("select count(*) from handover", Integer.class)).isEqualTo(before + 1);
    assertThat(handovers.items(id)).hasSize(2);
    // a duplicate card-making callback does not make the card twice
    assertThat(ledger.recordMade(cards.get(0).cardNumber(), cards.get(0).applicationNumber())).isFalse();
  }

  // --- helpers

  /** Dispatches and receives a box on the normal path; returns the handover id. */
  private String deliver(HandoverPurpose purpose, String from, String to, List<CardRef> cards) {
    String id = handovers.dispatch(purpose, from, to, cards, "clerk");
    ProcessInstance pi = instance(id);
    complete(receiptTask(pi), Map.of());
    assertEnded(pi);
    return id;
  }

  private ProcessInstance instance(String handoverId) {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(KEY)
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

  private Job timer(ProcessInstance pi, String activityId) {
    Job job = managementService.createJobQuery().processInstanceId(pi.getId()).timers().activityId(activityId)
        .singleResult();
    assertThat(job).as("timer " + activityId).isNotNull();
    assertThat(job.getDuedate()).isAfter(new java.util.Date());
    return job;
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
