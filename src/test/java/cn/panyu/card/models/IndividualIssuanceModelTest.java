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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code individual-issuance}: one person's application from the village's registration to the bank activation,
 * every branch: registration checks and corrections, the City Card Centre's result, the ineligible follow-up, the
 * collection with its reminders and overdue recovery, wrong card data, the activation with its reminders and
 * deadline.
 */
@Deployment(resources = "processes/individual-issuance.bpmn")
class IndividualIssuanceModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  static final String KEY = "individual-issuance";
  static final String APPLICATION = "440113007901-0001";
  static final String VILLAGE = "village-440113007901";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("checkApplication", "registerApplication", "abandonRegistration", "loadApplicantData",
        "checkFollowUp", "withdrawApplication", "applyCorrection", "notifyApplicant", "boxOverdueCard",
        "checkCardData", "cityCentreCall", "remakeCard", "recordCardIssued", "recordCardActivated");
  }

  /** The registration form (Tasklist) or the API; the checks pass unless a test says otherwise. */
  ProcessInstance register(String channel) {
    stub("checkApplication").answers(set("intakeValid", true));
    stub("registerApplication").answers(set("intakeValid", true, "registered", true));
    return start(KEY, APPLICATION, "channel", channel, "villageGroup", VILLAGE, "registeredBy", "village");
  }

  /** Registered through the API: waits for its town's submission to bring the City Card Centre's result. */
  ProcessInstance registered() {
    ProcessInstance pi = register("API");
    assertThat(pi).isWaitingAtExactly("Task_AwaitCardResult");
    return pi;
  }

  void message(ProcessInstance pi, String name, Object... variables) {
    runtimeService().createMessageCorrelation(name).processInstanceId(pi.getId())
        .setVariables(vars(variables)).correlate();
  }

  /** The card was made and reached the village: the applicant is expected, reminders are scheduled. */
  ProcessInstance cardAtTheVillage() {
    ProcessInstance pi = registered();
    message(pi, "CardResult", "cardOutcome", "MADE", "cardNumber", "C-1");
    assertThat(pi).isWaitingAtExactly("Task_AwaitCardAtVillage");
    message(pi, "CardArrived");
    assertThat(pi).isWaitingAt("Task_CollectCard", "Timer_NextReminder");
    return pi;
  }

  /** The applicant collected a correct card: the bank activation is awaited. */
  ProcessInstance cardCollected() {
    ProcessInstance pi = cardAtTheVillage();
    complete(task(pi));
    assertThat(pi).isWaitingAt("Task_AwaitActivation", "Timer_NextActivationReminder");
    return pi;
  }

  // ------------------------------------------------------------------------------------------ registration

  @Test
  void aRegistrationThroughTheApiIsRegisteredWithoutAScan() {
    ProcessInstance pi = registered();

    assertThat(pi).hasPassedInOrder("Task_CheckApplication", "Task_RegisterApplication", "EndEvent_Registered",
        "Gateway_RegistrationDone").hasNotPassed("Task_UploadScan", "Task_CorrectRegistration");
    assertThat(stub("registerApplication").calls()).containsExactly("Task_RegisterApplication");
  }

  @Test
  void aRegistrationInTasklistNeedsTheScannedForm() {
    ProcessInstance pi = register("TASKLIST");

    assertThat(pi).isWaitingAtExactly("SubProcess_Registration", "Task_UploadScan");
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasFormKey("embedded:app:forms/registration-scan.html")
        .hasDueDate(deadlines.dueDate("REGISTRATION_CORRECTION"));
    assertThat(stub("registerApplication").calls()).isEmpty();
    complete(task(pi));

    assertThat(pi).hasPassedInOrder("Task_UploadScan", "Task_RegisterApplication").isWaitingAt("Task_AwaitCardResult");
  }

  @Test
  void invalidDataIsCorrectedAndCheckedAgain() {
    stub("checkApplication").answers(set("intakeValid", false), set("intakeValid", true));
    stub("registerApplication").answers(set("intakeValid", true, "registered", true));
    ProcessInstance pi = start(KEY, APPLICATION, "channel", "API", "villageGroup", VILLAGE);

    assertThat(pi).isWaitingAtExactly("SubProcess_Registration", "Task_CorrectRegistration");
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasDueDate(deadlines.dueDate("REGISTRATION_CORRECTION"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "correctionAction"))
        .as("the form opens on correct").isEqualTo("CORRECT");
    complete(task(pi));

    assertThat(pi).isWaitingAtExactly("Task_AwaitCardResult");
    assertThat(timesPassed(pi, "Task_CheckApplication")).isEqualTo(2);
  }

  @Test
  void aRegistrationRefusedAndAbandonedEndsTheApplication() {
    stub("checkApplication").answers(set("intakeValid", true));
    // the application table refuses it (an application of the same person exists)
    stub("registerApplication").answers(set("intakeValid", false));
    stub("abandonRegistration").answers(set("registered", false));
    ProcessInstance pi = start(KEY, APPLICATION, "channel", "API", "villageGroup", VILLAGE);

    assertThat(pi).isWaitingAtExactly("SubProcess_Registration", "Task_CorrectRegistration");
    complete(task(pi), withVariables("correctionAction", "ABANDON"));

    assertThat(pi).isEnded().hasPassedInOrder("Task_RegisterApplication", "Task_CorrectRegistration",
        "Task_AbandonRegistration", "EndEvent_GivenUp").hasNotPassed("Task_AwaitCardResult");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_RegistrationAbandoned");
  }

  // ------------------------------------------------------------------------------------------ ineligible

  /** Ineligible, and the town's list has reached the village: the applicant is told. */
  ProcessInstance toldIneligible(String remedy) {
    stub("loadApplicantData").answers(set("ineligibleRemedy", remedy));
    ProcessInstance pi = registered();
    message(pi, "CardResult", "cardOutcome", "INELIGIBLE", "ineligibleReason", "NO_POLICE_PHOTO");
    assertThat(pi).isWaitingAtExactly("Task_AwaitFeedback");
    assertThat(stub("loadApplicantData").calls()).isEmpty();
    message(pi, "IneligibleFeedbackDelivered");
    assertThat(pi).isWaitingAtExactly("Task_InformApplicant");
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasDueDate(deadlines.dueDate("APPLICANT_FOLLOW_UP"));
    return pi;
  }

  @Test
  void anIneligibleApplicationThatNoCorrectionCanHelpIsWithdrawn() {
    ProcessInstance pi = toldIneligible("NONE");
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "followUpAction"))
        .as("the form opens on withdraw when nothing can help").isEqualTo("WITHDRAW");
    complete(task(pi));

    assertThat(pi).isEnded().hasPassedInOrder("Task_LoadForFollowUp", "Task_InformApplicant", "Task_Withdraw");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Withdrawn");
    assertThat(stub("checkFollowUp").calls()).containsExactly("Task_CheckFollowUp");
  }

  @Test
  void aNewPhotoUploadedCorrectsTheApplicationForTheNextSubmission() {
    ProcessInstance pi = toldIneligible("NEW_PHOTO");
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "followUpAction")).isEqualTo("CORRECT");
    complete(task(pi), withVariables("photoSource", "UPLOAD"));

    assertThat(pi).isWaitingAtExactly("Task_UploadPhoto");
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasFormKey("embedded:app:forms/photo-upload.html");
    complete(task(pi));

    assertThat(pi).hasPassedInOrder("Task_InformApplicant", "Task_UploadPhoto", "Task_ApplyCorrection")
        .isWaitingAtExactly("Task_AwaitCardResult");
    assertThat(timesPassed(pi, "Task_AwaitCardResult")).isEqualTo(2);
  }

  @Test
  void aStudioReceiptCorrectsTheApplicationWithoutAnUpload() {
    ProcessInstance pi = toldIneligible("NEW_PHOTO");
    complete(task(pi), withVariables("photoSource", "STUDIO"));

    assertThat(pi).hasPassed("Task_ApplyCorrection").hasNotPassed("Task_UploadPhoto")
        .isWaitingAtExactly("Task_AwaitCardResult");
    assertThat(stub("applyCorrection").calls()).containsExactly("Task_ApplyCorrection");
  }

  // ------------------------------------------------------------------------------------------ collection

  @Test
  void theApplicantCollectsTheCardAndTheBankActivatesIt() {
    ProcessInstance pi = cardAtTheVillage();
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasDueDate(deadlines.dueDate("COLLECTION", "INDIVIDUAL"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "collectionOutcome")).isEqualTo("ISSUED");
    assertThat(job("Timer_CollectionOverdue", pi).getDuedate())
        .isEqualTo(deadlines.escalationDate("COLLECTION", "INDIVIDUAL"));
    complete(task(pi));

    assertThat(pi).hasPassedInOrder("Task_CollectCard", "EndEvent_Collected", "Task_RecordIssued")
        .isWaitingAt("Task_AwaitActivation").hasNotPassed("Task_CollectionReminder");
    assertThat(jobQuery().activityId("Timer_CollectionOverdue").count()).as("no recovery once collected").isZero();
    assertThat(job("Timer_ActivationDeadline", pi).getDuedate()).isEqualTo(deadlines.escalationDate("ACTIVATION"));
    message(pi, "CardActivated");

    assertThat(pi).isEnded().hasPassedInOrder("Task_AwaitActivation", "EndEvent_ActivationNoticed",
        "Task_RecordActivated").hasNotPassed("Task_ActivationReminder");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Activated");
    assertThat(jobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void anUncollectedCardIsRemindedThenGoesIntoTheVillagesRecoveryBox() {
    List<Object> kinds = new ArrayList<>();
    stub("notifyApplicant").answers(scope -> kinds.add(scope.getVariable("notificationKind")));
    deadlines.setReminderCount("COLLECTION", "INDIVIDUAL", 2);
    ProcessInstance pi = cardAtTheVillage();

    assertThat(job("Timer_NextReminder", pi).getDuedate())
        .isEqualTo(deadlines.nextReminderDate("COLLECTION", "INDIVIDUAL"));
    execute(job("Timer_NextReminder", pi));
    execute(job("Timer_NextReminder", pi));
    assertThat(kinds).containsExactly("COLLECTION_REMINDER", "COLLECTION_REMINDER");
    assertThat(pi).hasPassed("EndEvent_RemindersDone").isWaitingAt("Task_CollectCard");
    assertThat(jobQuery().activityId("Timer_NextReminder").count()).as("no third reminder").isZero();

    execute(job("Timer_CollectionOverdue", pi));

    assertThat(pi).isEnded().hasPassedInOrder("Event_BoxOverdueCard", "EndEvent_Recovered")
        .hasNotPassed("Task_RecordIssued");
    assertThat(stub("boxOverdueCard").calls()).containsExactly("Event_BoxOverdueCard");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Recovered");
  }

  @Test
  void wrongCardDataAreCorrectedTheCardStoppedAndANewOneMade() {
    Map<String, Object> call = new HashMap<>();
    stub("cityCentreCall").answers(scope -> {
      for (String name : new String[] {"operation", "cardNumber", "reason", "refusalErrorCode"}) {
        call.put(name, scope.getVariable(name));
      }
    });
    ProcessInstance pi = cardAtTheVillage();
    complete(task(pi), withVariables("collectionOutcome", "DATA_ERROR"));

    assertThat(pi).isWaitingAtExactly("Task_CorrectCardData").hasPassed("Task_LoadForCardData")
        .hasNotPassed("Task_RecordIssued");
    assertThat(task(pi)).hasCandidateGroup(VILLAGE).hasDueDate(deadlines.dueDate("CARD_DATA_CORRECTION"));
    complete(task(pi));
    assertThat(stub("checkCardData").calls()).containsExactly("Task_CheckCardData");

    // the report to the City Card Centre is a job of its own
    assertThat(pi).isWaitingAt("Task_ReportWrongCard");
    execute(job("Task_ReportWrongCard", pi));
    assertThat(call).containsEntry("operation", "REPORT_CARD").containsEntry("cardNumber", "C-1")
        .containsEntry("reason", "DATA_CHANGE").containsEntry("refusalErrorCode", "CITY_CENTRE_REFUSED");

    assertThat(pi).hasPassed("Task_RemakeCard").isWaitingAtExactly("Task_AwaitCardResult");
    assertThat(timesPassed(pi, "Task_AwaitCardResult")).isEqualTo(2);
  }

  @Test
  void aWrongCardTheCityCentreWillNotStopIsRemadeAllTheSame() {
    stub("cityCentreCall").answers(bpmnError("CITY_CENTRE_REFUSED", "card already stopped"));
    ProcessInstance pi = cardAtTheVillage();
    complete(task(pi), withVariables("collectionOutcome", "DATA_ERROR"));
    complete(task(pi));
    execute(job("Task_ReportWrongCard", pi));

    assertThat(pi).hasPassed("Error_ReportRefused", "Task_RemakeCard").isWaitingAtExactly("Task_AwaitCardResult");
    assertThat(runtimeService().getVariable(pi.getId(), "refusalReason")).isEqualTo("card already stopped");
  }

  // ------------------------------------------------------------------------------------------ activation

  @Test
  void anUnactivatedCardIsRemindedThenClosedAtTheDeadline() {
    List<Object> kinds = new ArrayList<>();
    stub("notifyApplicant").answers(scope -> kinds.add(scope.getVariable("notificationKind")));
    deadlines.setReminderCount("ACTIVATION", "-", 2);
    ProcessInstance pi = cardCollected();

    assertThat(job("Timer_NextActivationReminder", pi).getDuedate())
        .isEqualTo(deadlines.nextReminderDate("ACTIVATION"));
    execute(job("Timer_NextActivationReminder", pi));
    execute(job("Timer_NextActivationReminder", pi));
    assertThat(kinds).containsExactly("ACTIVATION_REMINDER", "ACTIVATION_REMINDER");
    assertThat(pi).hasPassed("EndEvent_ActivationRemindersDone").isWaitingAt("Task_AwaitActivation");

    execute(job("Timer_ActivationDeadline", pi));

    assertThat(pi).isEnded().hasNotPassed("Task_RecordActivated");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NotActivated");
  }
}
