package cn.panyu.card.replacement;

import static cn.panyu.card.replacement.CardReplacement.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.citycentre.simulator.FaultSettings;
import cn.panyu.card.citycentre.simulator.SimulatorFaults;
import cn.panyu.card.custody.CardMovement;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of {@code card-replacement} on the whole application: the fee from the replacement-fee table, the
 * payment, the old card stopped and the new card made by the City Card Centre simulator over HTTP, delivered to
 * the town window through card-handover, collected; refusals, not paying, timers.
 */
@H2Test
class CardReplacementProcessTest extends ReplacementTestSupport {

  @Autowired CardCentreSimulator simulator;
  @Autowired SimulatorFaults faults;
  @Autowired CustodyLedger ledger;

  @AfterEach
  void noFaults() {
    faults.reset();
  }

  @Test
  void lostCardIsPaidForStoppedRemadeAndCollectedAtTheWindow() {
    String id = holderWithIssuedCard();
    String pi = startReplacement(id, "LOST", false);
    String app = var(pi, "applicationNumber");
    String oldCard = var(pi, "oldCardNumber");
    assertThat(runtime.getVariables(pi)).doesNotContainKey(ID_NUMBER.name());
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).singleResult().getBusinessKey())
        .isEqualTo(app);
    assertThat(jdbc.queryForMap("select mode, status, unit_code from application where application_number = ?", app))
        .containsEntry("MODE", "REPLACEMENT").containsEntry("STATUS", "REGISTERED").containsEntry("UNIT_CODE", TOWN);

    assertThat(FEE.from(runtime.getVariables(pi)).doubleValue()).isEqualTo(20.0);
    assertThat(candidateGroups(pi, "Task_CollectFee")).containsExactly("town-" + TOWN);
    completeAsOpened(pi, "Task_CollectFee"); // 已缴费, as the form opens

    runAsyncJobs(); // report the old card, submit the new one
    assertThat(simulator.received().cardReports())
        .anyMatch(r -> r.cardNumber().equals(oldCard) && r.reason().name().equals("LOST"));
    awaitCardResult(pi);
    assertThat(isWaitingAt(pi, "CallActivity_DeliverCard")).isTrue();
    String card = var(pi, "cardNumber");
    assertThat(card).isNotEqualTo(oldCard);
    assertThat(status(app)).isEqualTo("IN_TRANSIT");

    deliverAll();
    assertThat(status(app)).isEqualTo("AT_ISSUING_UNIT");
    assertThat(ledger.currentLocation(card)).isEqualTo("TOWN:" + TOWN); // stopped at the window, not the village

    completeAsOpened(pi, "Task_HandOverNewCard");
    assertThat(isEnded(pi)).isTrue();
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Collected");
    assertThat(status(app)).isEqualTo("ISSUED");
    assertThat(ledger.history(card)).extracting(CardMovement::kind).extracting(Enum::name)
        .containsExactly("MADE", "HANDED_OVER", "RECEIVED", "HANDED_OVER", "RECEIVED", "ISSUED");
    Map<String, Object> row = replacementRow(pi);
    assertThat(row).containsEntry("REASON", "LOST").containsEntry("PAYMENT", "PAID")
        .containsEntry("STATUS", "COMPLETED").containsEntry("OLD_CARD_NUMBER", oldCard);
    assertThat((BigDecimal) row.get("FEE")).isEqualByComparingTo("20");
    assertThat(row.get("OLD_CARD_STOPPED_AT")).isNotNull();
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void eachReasonHasTheFeeOfTheTableAndAFirstCardIsFree() {
    assertFee("LOST", false, 20.0, "Task_CollectFee");
    assertFee("DAMAGED", false, 20.0, "Task_CollectFee");
    assertFee("DATA_CHANGE", false, 20.0, "Task_CollectFee");
    assertFee("EXPIRED", false, 0.0, "Task_ReportOldCard");
    assertFee("LOST", true, 0.0, "Task_ReportOldCard");
  }

  private void assertFee(String reason, boolean firstCard, double fee, String waitsAt) {
    String pi = startReplacement(holderWithIssuedCard(), reason, firstCard);
    assertThat(FEE.from(runtime.getVariables(pi)).doubleValue()).as(reason).isEqualTo(fee);
    assertThat(isWaitingAt(pi, waitsAt)).as(reason + " waits at " + waitsAt).isTrue();
    if (fee == 0) {
      assertThat(replacementRow(pi)).containsEntry("PAYMENT", "FREE");
    }
    runtime.deleteProcessInstance(pi, "fee checked");
  }

  @Test
  void notPayingEndsTheReplacementWithoutTouchingTheOldCard() {
    String pi = startReplacement(holderWithIssuedCard(), "DAMAGED", false);
    String app = var(pi, "applicationNumber");
    String oldCard = var(pi, "oldCardNumber");
    complete(pi, "Task_CollectFee", PAYMENT.with("NOT_PAID"));
    assertThat(isEnded(pi)).isTrue();
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Cancelled");
    assertThat(status(app)).isEqualTo("WITHDRAWN");
    assertThat(replacementRow(pi)).containsEntry("STATUS", "CANCELLED");
    assertThat(simulator.received().cardReports()).noneMatch(r -> r.cardNumber().equals(oldCard));
  }

  @Test
  void theCentreRefusingTheNewCardGoesToTheHolderWithTheReason() {
    // an ID number the centre's exchange API refuses as malformed (400): a business answer, not an outage
    String pi = startReplacement(holderWithIssuedCard("44011319900101123"), "EXPIRED", false);
    String app = var(pi, "applicationNumber");
    runAsyncJobs();
    assertThat(isWaitingAt(pi, "Task_InformHolder")).isTrue();
    assertThat(var(pi, "refusalReason")).startsWith("MALFORMED_REQUEST");
    completeAsOpened(pi, "Task_InformHolder");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Cancelled");
    assertThat(status(app)).isEqualTo("WITHDRAWN");
    assertThat(replacementRow(pi)).containsEntry("STATUS", "CANCELLED");
  }

  @Test
  void anIneligibleNewCardGoesToTheHolderWithTheReason() {
    String pi = startReplacement(holderWithIssuedCard(TestApplicants.outsideGuangzhou()), "DATA_CHANGE", true);
    runAsyncJobs();
    awaitCardResult(pi);
    assertThat(isWaitingAt(pi, "Task_InformHolder")).isTrue();
    assertThat(var(pi, "ineligibleReason")).isEqualTo("NO_POLICE_PHOTO");
    completeAsOpened(pi, "Task_InformHolder");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Cancelled");
  }

  @Test
  void anOutageIsRetriedAndTheReportIsSentOnce() {
    String pi = startReplacement(holderWithIssuedCard(), "EXPIRED", false);
    String oldCard = var(pi, "oldCardNumber");
    faults.set(FaultSettings.failNext(1));
    var job = management.createJobQuery().processInstanceId(pi).activityId("Task_ReportOldCard").singleResult();
    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("503");
    var failed = management.createJobQuery().jobId(job.getId()).singleResult();
    assertThat(failed.getExceptionMessage()).contains("503");
    assertThat(failed.getRetries()).isPositive(); // retried on the model's cycle, not an incident yet
    management.setJobDuedate(job.getId(), null);
    runAsyncJobs();
    assertThat(simulator.received().cardReports()).filteredOn(r -> r.cardNumber().equals(oldCard)).hasSize(1);
    awaitCardResult(pi);
    assertThat(isWaitingAt(pi, "CallActivity_DeliverCard")).isTrue();
  }

  @Test
  void aLostCallbackIsMadeUpByThePollTimer() {
    faults.set(FaultSettings.callbacks(true, false, false));
    String pi = startReplacement(holderWithIssuedCard(), "EXPIRED", false);
    runAsyncJobs();
    await("the centre made the card", () -> simulator.cardOf(var(pi, "applicationNumber")).isPresent());
    assertThat(isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();
    fireTimer(pi, "Timer_PollResult");
    runAsyncJobs();
    assertThat(isWaitingAt(pi, "CallActivity_DeliverCard")).isTrue();
    assertThat(hasTimer(pi, "Timer_PollResult")).isFalse();
  }

  @Test
  void overdueTasksAreEscalatedAndTheHolderIsReminded() {
    String pi = startReplacement(holderWithIssuedCard(), "LOST", false);
    sweepAfter(java.time.Duration.ofDays(7));
    assertThat(candidateGroups(pi, "Task_CollectFee")).contains("town-" + TOWN, "district-card-office");
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    completeAsOpened(pi, "Task_CollectFee");
    runAsyncJobs();
    awaitCardResult(pi);
    deliverAll();
    String app = var(pi, "applicationNumber");
    fireTimer(pi, "Timer_NextWindowReminder");
    runAsyncJobs();
    assertThat(jdbc.queryForList("select kind from notification where application_number = ?", String.class, app))
        .contains("WINDOW_CARD_READY", "WINDOW_COLLECTION_REMINDER");
    assertThat(hasTimer(pi, "Timer_NextWindowReminder")).as("re-armed for the next reminder").isTrue();
    sweepAfter(java.time.Duration.ofDays(60));
    assertThat(candidateGroups(pi, "Task_HandOverNewCard")).contains("town-" + TOWN, "district-card-office");
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    completeAsOpened(pi, "Task_HandOverNewCard");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Collected");
    assertThat(hasTimer(pi, "Timer_NextWindowReminder")).isFalse();
  }

  @Test
  void theRefusedPathIsEscalatedWhenOverdue() {
    String pi = startReplacement(holderWithIssuedCard("44011319900101124"), "EXPIRED", false);
    runAsyncJobs();
    sweepAfter(java.time.Duration.ofDays(10));
    assertThat(candidateGroups(pi, "Task_InformHolder")).contains("town-" + TOWN, "district-card-office");
  }

  @Test
  void aWindowCannotReplaceACardThatIsNotOnRecordOrAlreadyBeingReplaced() {
    assertThatThrownBy(() -> startReplacement(TestApplicants.panyu(), "LOST", false))
        .hasMessageContaining("没有找到该身份证号已领取的社保卡");
    String id = holderWithIssuedCard();
    startReplacement(id, "LOST", false);
    assertThatThrownBy(() -> startReplacement(id, "DAMAGED", false)).hasMessageContaining("已有办理中的补换卡申请");
    assertThatThrownBy(() -> startReplacement(holderWithIssuedCard(), "STOLEN", false))
        .hasMessageContaining("补换卡原因无效");
  }
}
