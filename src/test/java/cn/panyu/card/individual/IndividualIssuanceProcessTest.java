package cn.panyu.card.individual;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * Every path of {@code individual-issuance} (with {@code town-submission} and {@code card-handover} around
 * it) on the whole application: the City Card Centre simulator answers over HTTP, timers are fired
 * explicitly.
 */
@H2Test
class IndividualIssuanceProcessTest extends IndividualSteps {

  // ---- the paths ----

  @Test
  void happyPathFromTasklistRegistrationToActivation() {
    String pi = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    uploadScan(pi);
    String app = applicationNumber(pi);
    assertThat(status(app)).isEqualTo("REGISTERED");
    assertThat(runtime.getVariables(pi)).doesNotContainKeys("idNumber", "phone", "name", "registrationScan");
    assertThat(jdbc.queryForObject("select form_document_id from application where application_number = ?",
        Long.class, app)).isNotNull();

    submitTown(true);
    assertThat(status(app)).isEqualTo("IN_TRANSIT");
    deliverAll();
    assertThat(status(app)).isEqualTo("AT_ISSUING_UNIT");
    assertThat(ledger.currentLocation(cardNumber(app))).isEqualTo("VILLAGE:" + VILLAGE);

    completeAsOpened(pi, "Task_CollectCard");
    assertThat(status(app)).isEqualTo("ISSUED");
    assertThat(ledger.currentLocation(cardNumber(app))).isEqualTo("HOLDER");

    simulator.activate(cardNumber(app), OffsetDateTime.now());
    await("activation callback", () -> isEnded(pi));
    assertThat(status(app)).isEqualTo("ACTIVATED");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Activated");
  }

  @Test
  void invalidRegistrationIsCorrectedOrAbandoned() {
    String pi = start(registrationForm("440113199003071234", "POLICE", null)); // wrong check character
    assertThat(isWaitingAt(pi, "Task_CorrectRegistration")).isTrue();
    assertThat((String) runtime.getVariable(pi, "intakeErrorsText")).contains("ID_CHECKSUM");

    Map<String, Object> corrected = new HashMap<>(registrationForm(TestApplicants.panyu(), "POLICE", null));
    corrected.put("correctionAction", "CORRECT");
    complete(pi, "Task_CorrectRegistration", corrected);
    uploadScan(pi);
    assertThat(status(applicationNumber(pi))).isEqualTo("REGISTERED");

    String abandoned = start(registrationForm("12345", "POLICE", null));
    complete(abandoned, "Task_CorrectRegistration", Map.of("correctionAction", "ABANDON"));
    assertThat(isEnded(abandoned)).isTrue();
    assertThat(endEvent(abandoned)).isEqualTo("EndEvent_RegistrationAbandoned");
    assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(abandoned).count()).isZero();
  }

  @Test
  void ineligibleApplicationIsCorrectedAndMadeInTheNextSubmission() {
    String pi = registerWithScan(TestApplicants.outsideGuangzhou());
    String app = applicationNumber(pi);
    submitTown();
    assertThat(status(app)).isEqualTo("INELIGIBLE");
    assertThat(runtime.getVariable(pi, "ineligibleReason")).isEqualTo("NO_POLICE_PHOTO");

    completeAsOpened(pi, "Task_CardOfficeFeedback");
    completeAsOpened(pi, "Task_TownFeedback");
    complete(pi, "Task_InformApplicant", Map.of("followUpAction", "CORRECT", "photoSource", "STUDIO",
        "studioReceipt", "ZX-2013-0042"));
    assertThat(status(app)).isEqualTo("REGISTERED");

    submitTown();
    assertThat(status(app)).isEqualTo("IN_TRANSIT");
    assertThat(isWaitingAt(pi, "Task_AwaitCardAtVillage")).isTrue();
  }

  @Test
  void ineligibleApplicationIsWithdrawn() {
    String pi = registerWithScan(TestApplicants.outsideGuangzhou());
    String app = applicationNumber(pi);
    submitTown();
    completeAsOpened(pi, "Task_CardOfficeFeedback");
    completeAsOpened(pi, "Task_TownFeedback");
    complete(pi, "Task_InformApplicant", Map.of("followUpAction", "WITHDRAW"));
    assertThat(status(app)).isEqualTo("WITHDRAWN");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Withdrawn");
    // the ID number is free again for a new application
    assertThat(jdbc.queryForObject("select count(*) from applicant_claim where application_number = ?",
        Integer.class, app)).isZero();
  }

  @Test
  void feedbackTasksAreEscalatedWhenOverdue() {
    String pi = registerWithScan(TestApplicants.outsideGuangzhou());
    submitTown();
    fireTimer(pi, "Timer_CardOfficeFeedbackOverdue");
    assertThat(candidateGroups(pi, "Task_CardOfficeFeedback")).contains("district-card-office", "leaders");
    completeAsOpened(pi, "Task_CardOfficeFeedback");
    fireTimer(pi, "Timer_TownFeedbackOverdue");
    assertThat(candidateGroups(pi, "Task_TownFeedback")).contains("town-" + TOWN, "district-card-office");
    completeAsOpened(pi, "Task_TownFeedback");
    fireTimer(pi, "Timer_InformApplicantOverdue");
    assertThat(candidateGroups(pi, "Task_InformApplicant")).contains("village-" + VILLAGE, "town-" + TOWN);
    assertThat(notificationKinds(applicationNumber(pi))).contains("TASK_ESCALATED");
  }

  @Test
  void registrationTasksAreEscalatedWhenOverdue() {
    String bad = start(registrationForm("12345", "POLICE", null));
    fireTimer(bad, "Timer_CorrectRegistrationOverdue");
    assertThat(candidateGroups(bad, "Task_CorrectRegistration")).contains("town-" + TOWN);
    String pi = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    fireTimer(pi, "Timer_UploadScanOverdue");
    assertThat(candidateGroups(pi, "Task_UploadScan")).contains("town-" + TOWN);
  }

  @Test
  void anApplicantWithALiveApplicationCannotRegisterTwice() {
    String id = TestApplicants.panyu();
    registerWithScan(id);
    String second = registerInTasklist(id, "POLICE", null);
    uploadScan(second, "Task_CorrectRegistration");
    assertThat((String) runtime.getVariable(second, "intakeErrorsText")).contains("ALREADY_APPLIED");
  }

  @Test
  void cardWithWrongDataGoesBackAndIsMadeAgain() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    submitTown();
    deliverAll();
    String firstCard = cardNumber(app);
    complete(pi, "Task_CollectCard", Map.of("collectionOutcome", "DATA_ERROR", "dataErrorNote", "姓名有错别字"));
    runAsyncJobs();
    assertThat(simulator.received().cardReports()).anyMatch(r -> r.cardNumber().equals(firstCard));
    assertThat(status(app)).isEqualTo("REGISTERED");
    assertThat(isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();
    // the wrong card travels back up: village → town → card office → City Centre
    deliverAll();
    assertThat(ledger.currentLocation(firstCard)).isEqualTo("RETURNED");
    submitTown();
    assertThat(isWaitingAt(pi, "Task_AwaitCardAtVillage")).isTrue();
  }

  @Test
  void remindersWhileTheCardWaitsThenOverdueRecovery() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    submitTown();
    deliverAll();
    fireTimer(pi, "Timer_CollectionReminder");
    assertThat(isWaitingAt(pi, "Task_CollectCard")).isTrue();
    assertThat(notificationKinds(app)).contains("CARD_READY", "COLLECTION_REMINDER");

    String card = cardNumber(app);
    fireTimer(pi, "Timer_CollectionOverdue");
    assertThat(status(app)).isEqualTo("RECOVERED");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_Recovered");
    deliverAll();
    assertThat(ledger.currentLocation(card)).isEqualTo("RETURNED");
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void activationReminderAndDeadline() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    submitTown();
    deliverAll();
    completeAsOpened(pi, "Task_CollectCard");
    fireTimer(pi, "Timer_ActivationReminder");
    assertThat(notificationKinds(app)).contains("ACTIVATION_REMINDER");
    assertThat(isWaitingAt(pi, "Task_AwaitActivation")).isTrue();
    fireTimer(pi, "Timer_ActivationDeadline");
    assertThat(endEvent(pi)).isEqualTo("EndEvent_NotActivated");
    assertThat(status(app)).isEqualTo("ISSUED");
  }

  @Test
  void townAndAffairsOfficeMayPostponeASubmission() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    String sub = startTownSubmission();
    complete(sub, "Task_TownCheck", Map.of("reviewDecision", "POSTPONE"));
    assertThat(isEnded(sub)).isTrue();
    assertThat(jdbc.queryForObject("select submission_id from application where application_number = ?",
        String.class, app)).isNull();

    String second = startTownSubmission();
    completeAsOpened(second, "Task_TownCheck");
    complete(second, "Task_AffairsCheck", Map.of("reviewDecision", "POSTPONE"));
    assertThat(isEnded(second)).isTrue();
    assertThat(status(app)).isEqualTo("REGISTERED");
  }

  @Test
  void aTownWithNothingToSubmitEndsAtOnce() {
    String sub = runtime.startProcessInstanceByKey("town-submission",
        Variables.putValue("townCode", "440113105").putValue("startedBy", "system")).getId();
    assertThat(isEnded(sub)).isTrue();
    assertThat(endEvent(sub)).isEqualTo("EndEvent_NothingToSubmit");
  }

  @Test
  void theScheduleStartsOneSubmissionPerTownWithApplications() {
    registerWithScan(TestApplicants.panyu());
    var timer = management.createJobQuery().processDefinitionKey("town-submission-schedule").timers().singleResult();
    management.executeJob(timer.getId());
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("town-submission")
        .variableValueEquals("townCode", TOWN).count()).isGreaterThanOrEqualTo(1);
  }
}
