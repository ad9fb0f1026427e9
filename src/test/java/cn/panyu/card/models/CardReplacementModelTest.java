package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.bpmnError;
import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code card-replacement} with its fee table ({@code replacement-fee.dmn}, the real one): fee, payment, the old
 * card stopped, a new card made, brought to the window ({@code card-shipment}, stubbed) and handed over; every way
 * it can stop.
 */
@Deployment(resources = {"processes/card-replacement.bpmn", "processes/replacement-fee.dmn",
    "models/stubs/card-shipment.bpmn"})
class CardReplacementModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0, "card-shipment");

  static final String KEY = "card-replacement";
  static final String TOWN = "town-440113007";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("openReplacement", "recordReplacementPayment", "cityCentreCall", "recordOldCardStopped",
        "submitReplacementCard", "pollReplacementResult", "prepareReplacementDelivery", "notifyApplicant",
        "recordReplacementIssued", "cancelReplacement");
  }

  /** The window's start form: the reason, and whether the old card was the holder's first financial card. */
  ProcessInstance startAtTheWindow(String reason, boolean firstCard) {
    stub("openReplacement").answers(set("townGroup", TOWN, "oldCardNumber", "C-OLD-1"));
    stub("prepareReplacementDelivery").answers(set("shipmentId", "SHIP-R-1"));
    return start(KEY, "R-0001", "reason", reason, "firstCard", firstCard);
  }

  /** From a free replacement to the new card's call for its result. */
  ProcessInstance waitingForTheNewCard() {
    ProcessInstance pi = startAtTheWindow("LOST", true);
    execute(job("Task_ReportOldCard", pi));
    execute(job("Task_SubmitNewCard", pi));
    assertThat(pi).isWaitingAt("Task_AwaitCardResult");
    return pi;
  }

  void cardResult(ProcessInstance pi, String outcome) {
    runtimeService().createMessageCorrelation("CardResult").processInstanceId(pi.getId())
        .setVariable("cardOutcome", outcome).correlate();
  }

  @Test
  void aFirstFinancialCardIsReplacedFreeFromTheOldCardStoppedToTheNewOneHandedOver() {
    Map<String, Object> call = new HashMap<>();
    stub("cityCentreCall").answers(scope -> {
      for (String name : new String[] {"operation", "cardNumber", "reason", "refusalErrorCode"}) {
        call.put(name, scope.getVariable(name));
      }
    });
    ProcessInstance pi = startAtTheWindow("LOST", true);

    assertThat(runtimeService().getVariable(pi.getId(), "fee")).isEqualTo(0.0);
    assertThat(pi).hasPassed("Task_DetermineFee", "Task_RecordPayment").hasNotPassed("Task_CollectFee")
        .isWaitingAt("Task_ReportOldCard");
    execute(job("Task_ReportOldCard", pi));
    assertThat(call).containsEntry("operation", "REPORT_CARD").containsEntry("cardNumber", "C-OLD-1")
        .containsEntry("reason", "LOST").containsEntry("refusalErrorCode", "CARD_CENTRE_REFUSED");

    assertThat(pi).hasPassed("Task_RecordOldCardStopped").isWaitingAt("Task_SubmitNewCard");
    execute(job("Task_SubmitNewCard", pi));
    assertThat(pi).isWaitingAtExactly("Task_AwaitCardResult");
    cardResult(pi, "MADE");

    assertThat(pi).hasPassedInOrder("Task_PrepareDelivery", "CallActivity_DeliverCard")
        .isWaitingAt("Task_HandOverNewCard", "Timer_NextWindowReminder");
    assertThat(called(pi, "card-shipment")).singleElement()
        .satisfies(s -> assertThat(s.getBusinessKey()).isEqualTo("R-0001"))
        .satisfies(s -> assertThat(variablesOf(s)).containsEntry("shipmentId", "SHIP-R-1"));
    assertThat(task(pi)).hasCandidateGroup(TOWN).hasDueDate(deadlines.dueDate("COLLECTION", "REPLACEMENT"));
    complete(task(pi));

    assertThat(pi).isEnded().hasPassed("Task_RecordIssued").hasNotPassed("Task_CollectionReminder");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Collected");
    // the reminder timer ended with the collection
    assertThat(jobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void aLostCardCostsTwentyYuanAndIsPaidAtTheWindow() {
    ProcessInstance pi = startAtTheWindow("LOST", false);

    assertThat(runtimeService().getVariable(pi.getId(), "fee")).isEqualTo(20.0);
    assertThat(pi).isWaitingAtExactly("Task_CollectFee");
    assertThat(task(pi)).hasCandidateGroup(TOWN).hasDueDate(deadlines.dueDate("REPLACEMENT_PAYMENT"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "payment")).isEqualTo("PAID");
    complete(task(pi));

    assertThat(pi).hasPassedInOrder("Task_CollectFee", "Task_RecordPayment").isWaitingAt("Task_ReportOldCard");
  }

  @Test
  void unpaidTheReplacementIsCancelled() {
    ProcessInstance pi = startAtTheWindow("DAMAGED", false);
    complete(task(pi), withVariables("payment", "NOT_PAID"));

    assertThat(pi).isEnded().hasPassed("Task_CancelReplacement")
        .hasNotPassed("Task_RecordPayment", "Task_InformHolder");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Cancelled");
  }

  @Test
  void theCityCentreRefusesToStopTheOldCardAndTheHolderIsToldAndRefunded() {
    stub("cityCentreCall").answers(bpmnError("CARD_CENTRE_REFUSED", "card unknown"));
    ProcessInstance pi = startAtTheWindow("LOST", false);
    complete(task(pi));
    execute(job("Task_ReportOldCard", pi));

    assertThat(pi).isWaitingAtExactly("Task_InformHolder").hasNotPassed("Task_RecordOldCardStopped");
    assertThat(task(pi)).hasCandidateGroup(TOWN).hasDueDate(deadlines.dueDate("REPLACEMENT_FOLLOW_UP"));
    complete(task(pi));

    assertThat(pi).isEnded().hasPassedInOrder("Task_InformHolder", "Task_CancelReplacement");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Cancelled");
  }

  @Test
  void theCityCentreRefusesTheNewCard() {
    stub("submitReplacementCard").answers(bpmnError("CARD_CENTRE_REFUSED", "duplicate application"));
    ProcessInstance pi = startAtTheWindow("EXPIRED", false);
    execute(job("Task_ReportOldCard", pi));
    execute(job("Task_SubmitNewCard", pi));

    assertThat(pi).isWaitingAtExactly("Task_InformHolder").hasNotPassed("Task_AwaitCardResult");
    complete(task(pi));
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Cancelled");
  }

  @Test
  void theNewCardCannotBeMade() {
    ProcessInstance pi = waitingForTheNewCard();
    cardResult(pi, "INELIGIBLE");

    assertThat(pi).isWaitingAtExactly("Task_InformHolder").hasNotPassed("Task_PrepareDelivery");
    complete(task(pi));
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Cancelled");
  }

  @Test
  void aLostResultIsPolledForWhileTheInstanceKeepsWaiting() {
    ProcessInstance pi = waitingForTheNewCard();
    assertThat(job("Timer_PollResult", pi).getDuedate()).isEqualTo(ModelBeans.nowPlus(Duration.ofHours(1)));

    execute(job("Timer_PollResult", pi));
    // the poll is its own job; the wait goes on, and so does the cycle
    assertThat(pi).isWaitingAt("Task_AwaitCardResult", "Task_PollResult");
    assertThat(jobQuery().activityId("Timer_PollResult").processInstanceId(pi.getId()).count()).isEqualTo(1);
    execute(job("Task_PollResult", pi));

    assertThat(pi).isWaitingAtExactly("Task_AwaitCardResult").hasPassed("EndEvent_Polled");
    assertThat(stub("pollReplacementResult").calls()).containsExactly("Task_PollResult");
    cardResult(pi, "MADE");
    assertThat(pi).isWaitingAt("Task_HandOverNewCard");
    assertThat(jobQuery().activityId("Timer_PollResult").processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void theHolderIsRemindedAsOftenAsTheTableSaysThenTheCardStillWaits() {
    Map<Integer, Object> kinds = new HashMap<>();
    stub("notifyApplicant").answers(scope -> kinds.put(kinds.size(), scope.getVariable("notificationKind")));
    deadlines.setReminderCount("COLLECTION", "REPLACEMENT", 2);
    ProcessInstance pi = waitingForTheNewCard();
    cardResult(pi, "MADE");

    assertThat(job("Timer_NextWindowReminder", pi).getDuedate())
        .isEqualTo(deadlines.nextReminderDate("COLLECTION", "REPLACEMENT"));
    execute(job("Timer_NextWindowReminder", pi));
    assertThat(pi).isWaitingAt("Task_HandOverNewCard", "Timer_NextWindowReminder");
    execute(job("Timer_NextWindowReminder", pi));

    assertThat(pi).isWaitingAt("Task_HandOverNewCard").isNotWaitingAt("Timer_NextWindowReminder")
        .hasPassed("EndEvent_WindowRemindersDone");
    assertThat(jobQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(kinds.values()).containsExactly("WINDOW_COLLECTION_REMINDER", "WINDOW_COLLECTION_REMINDER");
    complete(task(pi));
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Collected");
  }
}
