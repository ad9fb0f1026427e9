package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.bpmnError;
import static cn.panyu.card.models.StubDelegate.failure;
import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code town-submission}: a town's applications as one submission, checked twice, sent to the City Card Centre
 * (refusal, outage), results polled, then the cards ({@code card-shipment}) and the ineligible list
 * ({@code ineligible-feedback}, both stubbed) each on its own.
 */
@Deployment(resources = {"processes/town-submission.bpmn", "models/stubs/card-shipment.bpmn",
    "models/stubs/ineligible-feedback.bpmn"})
class TownSubmissionModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0, "card-shipment", "ineligible-feedback");

  static final String KEY = "town-submission";
  static final String TOWN = "town-440113007";
  static final String AFFAIRS = "district-affairs-office";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("aggregateTownApplications", "postponeTownSubmission", "submitToCityCentre",
        "releaseRefusedSubmission", "pollCardResults", "collectTownResults");
  }

  /** Started in Tasklist by the town's clerk; the aggregation found this many applications. */
  ProcessInstance startWith(int applications) {
    stub("aggregateTownApplications").answers(set("applicationCount", applications, "townGroup", TOWN));
    identityService().setAuthenticatedUserId("shiqiao");
    try {
      return start(KEY, "SUB-440113007-1", "townCode", "440113007");
    } finally {
      identityService().clearAuthentication();
    }
  }

  /** Both checks say yes: the submission waits for its asynchronous call to the City Card Centre. */
  ProcessInstance approvedBothTimes() {
    ProcessInstance pi = startWith(5);
    complete(task(pi));
    complete(task(pi));
    assertThat(pi).isWaitingAt("Task_SubmitToCityCentre");
    return pi;
  }

  @Test
  void withNothingRegisteredThereIsNothingToSubmit() {
    ProcessInstance pi = startWith(0);

    assertThat(pi).isEnded().hasNotPassed("Task_TownCheck");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingToSubmit");
  }

  @Test
  void theTownThenTheAffairsOfficeCheckBeforeTheCallWhichRunsInAJobOfItsOwn() {
    ProcessInstance pi = startWith(5);
    assertThat(runtimeService().getVariable(pi.getId(), "startedBy")).isEqualTo("shiqiao");

    assertThat(pi).isWaitingAtExactly("Task_TownCheck");
    assertThat(task(pi)).hasCandidateGroup(TOWN).hasDueDate(deadlines.dueDate("TOWN_REVIEW"));
    assertThat(task(pi).getFollowUpDate()).isEqualTo(deadlines.escalationDate("TOWN_REVIEW"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "reviewDecision"))
        .as("the form opens on approve").isEqualTo("APPROVE");
    complete(task(pi));

    assertThat(pi).isWaitingAtExactly("Task_AffairsCheck");
    assertThat(task(pi)).hasCandidateGroup(AFFAIRS).hasDueDate(deadlines.dueDate("AFFAIRS_REVIEW"));
    assertThat(task(pi).getFollowUpDate()).isEqualTo(deadlines.escalationDate("AFFAIRS_REVIEW"));
    complete(task(pi));

    assertThat(pi).isWaitingAt("Task_SubmitToCityCentre");
    assertThat(stub("submitToCityCentre").calls()).isEmpty();
  }

  @Test
  void theTownPostponesAndTheApplicationsWaitForTheNextSubmission() {
    ProcessInstance pi = startWith(5);
    complete(task(pi), withVariables("reviewDecision", "POSTPONE"));

    assertThat(pi).isEnded().hasPassed("Task_PostponeSubmission").hasNotPassed("Task_AffairsCheck");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Postponed");
  }

  @Test
  void theAffairsOfficePostponesAndTheApplicationsWaitForTheNextSubmission() {
    ProcessInstance pi = startWith(5);
    complete(task(pi));
    complete(task(pi), withVariables("reviewDecision", "POSTPONE"));

    assertThat(pi).isEnded().hasPassedInOrder("Task_TownCheck", "Task_AffairsCheck", "Task_PostponeSubmission")
        .hasNotPassed("Task_SubmitToCityCentre");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Postponed");
  }

  @Test
  void aRefusedSubmissionIsHandledByTheCardOfficeAndItsApplicationsReleased() {
    stub("submitToCityCentre").answers(bpmnError("SUBMISSION_REFUSED", "batch format"));
    ProcessInstance pi = approvedBothTimes();
    execute(job("Task_SubmitToCityCentre", pi));

    assertThat(pi).isWaitingAtExactly("Task_HandleRefusal");
    assertThat(task(pi)).hasCandidateGroup("district-card-office").hasDueDate(deadlines.dueDate("SUBMISSION_REFUSED"));
    complete(task(pi));

    assertThat(pi).isEnded().hasPassedInOrder("Task_SubmitToCityCentre", "Task_HandleRefusal", "Task_ReleaseRefused")
        .hasNotPassed("Timer_PollResults");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Refused");
  }

  @Test
  void anOutageIsRetriedOnTheCardCentresCycleNotTreatedAsARefusal() {
    stub("submitToCityCentre").answers(failure("connection refused"));
    ProcessInstance pi = approvedBothTimes();
    Job call = job("Task_SubmitToCityCentre", pi);

    assertThatThrownBy(() -> managementService().executeJob(call.getId())).hasMessageContaining("connection refused");

    Job retry = managementService().createJobQuery().jobId(call.getId()).singleResult();
    assertThat(retry).hasRetries(2);
    assertThat(retry.getDuedate()).isEqualTo(ModelBeans.nowPlus(Duration.ofMinutes(5)));
    assertThat(pi).isWaitingAt("Task_SubmitToCityCentre").hasNotPassed("Task_HandleRefusal");
  }

  @Test
  void resultsArePolledUntilAllAreInThenCardsAndIneligibleRecordsGoTheirOwnWays() {
    stub("pollCardResults").answers(set("allResultsIn", false), set("allResultsIn", true));
    stub("collectTownResults").answers(set("madeCount", 3, "shipmentId", "SHIP-1", "ineligibleCount", 2,
        "feedbackId", "FB-1"));
    ProcessInstance pi = approvedBothTimes();
    execute(job("Task_SubmitToCityCentre", pi));

    assertThat(pi).isWaitingAtExactly("Timer_PollResults");
    assertThat(job("Timer_PollResults", pi).getDuedate()).isEqualTo(ModelBeans.nowPlus(Duration.ofHours(1)));
    execute(job("Timer_PollResults", pi));
    // the poll is a job of its own after the timer
    assertThat(pi).isWaitingAt("Task_PollResults");
    execute(job("Task_PollResults", pi));

    // a result is missing: wait another poll interval
    assertThat(pi).isWaitingAtExactly("Timer_PollResults");
    execute(job("Timer_PollResults", pi));
    execute(job("Task_PollResults", pi));

    assertThat(pi).isEnded().hasPassed("Task_CollectResults", "CallActivity_DeliverCards", "CallActivity_Feedback",
        "EndEvent_CardsDelivered", "EndEvent_FeedbackDelivered").hasNotPassed("EndEvent_NoResults");
    assertThat(stub("pollCardResults").calls()).hasSize(2);

    HistoricProcessInstance shipment = called(pi, "card-shipment").get(0);
    assertThat(shipment.getBusinessKey()).isEqualTo("SUB-440113007-1");
    assertThat(variablesOf(shipment)).containsEntry("shipmentId", "SHIP-1").doesNotContainKey("feedbackId");
    HistoricProcessInstance feedback = called(pi, "ineligible-feedback").get(0);
    assertThat(feedback.getBusinessKey()).isEqualTo("SUB-440113007-1");
    assertThat(variablesOf(feedback)).containsEntry("feedbackId", "FB-1").doesNotContainKey("shipmentId");
  }

  @Test
  void onlyMadeCardsStartOnlyTheShipment() {
    stub("pollCardResults").answers(set("allResultsIn", true));
    stub("collectTownResults").answers(set("madeCount", 4, "shipmentId", "SHIP-2", "ineligibleCount", 0));
    ProcessInstance pi = approvedBothTimes();
    execute(job("Task_SubmitToCityCentre", pi));
    execute(job("Timer_PollResults", pi));
    execute(job("Task_PollResults", pi));

    assertThat(pi).isEnded().hasPassed("CallActivity_DeliverCards").hasNotPassed("CallActivity_Feedback");
    assertThat(called(pi, "card-shipment")).hasSize(1);
    assertThat(called(pi, "ineligible-feedback")).isEmpty();
  }

  @Test
  void whenEveryApplicationWasWithdrawnMeanwhileNothingFollows() {
    stub("pollCardResults").answers(set("allResultsIn", true));
    stub("collectTownResults").answers(set("madeCount", 0, "ineligibleCount", 0));
    ProcessInstance pi = approvedBothTimes();
    execute(job("Task_SubmitToCityCentre", pi));
    execute(job("Timer_PollResults", pi));
    execute(job("Task_PollResults", pi));

    assertThat(pi).isEnded().hasNotPassed("CallActivity_DeliverCards", "CallActivity_Feedback");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NoResults");
  }
}
