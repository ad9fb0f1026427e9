package cn.panyu.card.individual;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import cn.panyu.card.support.TestApplicants;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of {@code individual-issuance} (with {@code town-submission} and {@code card-handover} around
 * it) on the whole application: the City Card Centre simulator answers over HTTP, timers are fired
 * explicitly.
 */
@H2Test
class IndividualIssuanceProcessTest extends ProcessTestSupport {

  static final String VILLAGE = "440113007901";
  static final String TOWN = "440113007";

  @Autowired CardCentreSimulator simulator;
  @Autowired CustodyLedger ledger;

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

  // ---- steps, as the units would do them ----

  private Map<String, Object> registrationForm(String idNumber, String photoSource, String studioReceipt) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", "测试申请人");
    v.put("gender", "男");
    v.put("idNumber", idNumber);
    v.put("phone", "13800138000");
    v.put("bank", "中国工商银行");
    v.put("residency", "户籍");
    v.put("photoSource", photoSource);
    v.put("studioReceipt", studioReceipt);
    v.put("registeredBy", "village");
    return v;
  }

  private String start(Map<String, Object> variables) {
    return runtime.startProcessInstanceByKey("individual-issuance", variables).getId();
  }

  /** As Tasklist does it: the start form's fields become variables, the initiator is the village clerk. */
  private String registerInTasklist(String idNumber, String photoSource, String receipt) {
    String pi = start(registrationForm(idNumber, photoSource, receipt));
    assertThat(isWaitingAt(pi, "Task_UploadScan")).isTrue();
    return pi;
  }

  private String registerWithScan(String idNumber) {
    String pi = registerInTasklist(idNumber, "POLICE", null);
    uploadScan(pi);
    return pi;
  }

  private void uploadScan(String pi) {
    uploadScan(pi, "Task_AwaitCardResult");
  }

  private void uploadScan(String pi, String nextActivity) {
    FileValue scan = Variables.fileValue("登记表.pdf").file("%PDF-1.4 test".getBytes())
        .mimeType("application/pdf").create();
    complete(pi, "Task_UploadScan", Map.of("registrationScan", scan));
    assertThat(isWaitingAt(pi, nextActivity)).isTrue();
  }

  private String startTownSubmission() {
    return runtime.startProcessInstanceByKey("town-submission",
        Variables.putValue("townCode", TOWN).putValue("startedBy", "shiqiao")).getId();
  }

  private void submitTown() {
    submitTown(false);
  }

  /**
   * The town and the affairs office approve as the forms open; the centre answers by callback (awaited when
   * asked) and the poll timer picks up whatever a callback did not bring.
   */
  private void submitTown(boolean awaitCallback) {
    String sub = startTownSubmission();
    completeAsOpened(sub, "Task_TownCheck");
    completeAsOpened(sub, "Task_AffairsCheck");
    runAsyncJobs();
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    if (awaitCallback) {
      await("card results by callback", () -> jdbc.queryForObject(
          "select count(*) from application where submission_id = ? and status = 'SUBMITTED'", Integer.class,
          submissionId) == 0);
    } else {
      // the centre makes cards on its own thread: the poll must come after it has finished
      await("the centre's card making", () -> simulator.report(submissionId)
          .map(r -> CardCentreSimulator.COMPLETED.equals(r.status())).orElse(false));
    }
    fireTimer(sub, "Timer_PollResults");
    runAsyncJobs();
    assertThat(isEnded(sub)).isTrue();
  }

  /** Every open box is received with the count that was sent, level by level, until none is left. */
  private void deliverAll() {
    for (int round = 0; round < 10; round++) {
      runAsyncJobs();
      var open = tasks.createTaskQuery().processDefinitionKey("card-handover").taskDefinitionKey("Task_ConfirmReceipt")
          .list();
      if (open.isEmpty()) {
        return;
      }
      open.forEach(t -> {
        assertThat(forms.getDeployedTaskForm(t.getId())).isNotNull();
        tasks.complete(t.getId());
      });
    }
    throw new AssertionError("boxes keep coming");
  }

  private String applicationNumber(String pi) {
    return (String) history.createHistoricVariableInstanceQuery().processInstanceId(pi)
        .variableName("applicationNumber").singleResult().getValue();
  }

  private String cardNumber(String app) {
    return jdbc.queryForObject("select card_number from application where application_number = ?", String.class,
        app);
  }

  private String endEvent(String pi) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityType("noneEndEvent").list()
        .stream().map(a -> a.getActivityId()).filter(id -> !id.contains("Remind") && !id.contains("Escalated"))
        .findFirst().orElse(null);
  }

  private List<String> candidateGroups(String pi, String taskKey) {
    return tasks.getIdentityLinksForTask(task(pi, taskKey).getId()).stream()
        .filter(l -> l.getGroupId() != null).map(l -> l.getGroupId()).toList();
  }

  private List<String> notificationKinds(String app) {
    return jdbc.queryForList("select kind from notification where application_number = ?", String.class, app);
  }
}
