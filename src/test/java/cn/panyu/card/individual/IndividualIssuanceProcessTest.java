package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import cn.panyu.card.feedback.process.IneligibleFeedbackProcess;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * Every path of {@code individual-issuance} (with {@code town-submission}, {@code ineligible-feedback},
 * {@code card-shipment} and {@code card-handover} around it) on the whole application: the City Card Centre
 * simulator answers over HTTP, timers are fired explicitly.
 */
@H2Test
class IndividualIssuanceProcessTest extends IndividualSteps {

  @Test
  void happyPathFromTasklistRegistrationToActivation() {
    String pi = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    uploadScan(pi);
    String app = applicationNumber(pi);
    assertThat(status(app)).isEqualTo("REGISTERED");
    assertThat(runtime.getVariables(pi)).doesNotContainKeys("idNumber", "phone", "name", REGISTRATION_SCAN.name());
    assertThat(jdbc.queryForObject("select form_document_id from application where application_number = ?",
        Long.class, app)).isNotNull();

    String sub = submitTown(true);
    assertThat(status(app)).isEqualTo("IN_TRANSIT");
    deliverAll();
    assertThat(isEnded(sub)).isTrue();
    assertThat(status(app)).isEqualTo("AT_ISSUING_UNIT");
    assertThat(ledger.currentLocation(cardNumber(app))).isEqualTo("VILLAGE:" + VILLAGE);
    // the card went down one level a leg: City Centre → card office → town → village
    String submissionId = (String) history.createHistoricVariableInstanceQuery().processInstanceId(sub)
        .variableName(SUBMISSION_ID.name()).singleResult().getValue();
    assertThat(jdbc.queryForList("select to_location from handover where handover_id in (select handover_id from"
        + " handover_item where card_number = ?) order by handover_id", String.class, cardNumber(app)))
        .containsExactly("DISTRICT_CARD_OFFICE", "TOWN:" + TOWN, "VILLAGE:" + VILLAGE);
    assertThat(boxesOf(submissionId)).hasSizeGreaterThanOrEqualTo(3);

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
    assertThat(INTAKE_ERRORS_TEXT.from(runtime.getVariables(pi))).contains("ID_CHECKSUM");

    Map<String, Object> corrected = new HashMap<>(registrationForm(TestApplicants.panyu(), "POLICE", null));
    corrected.put(CORRECTION_ACTION.name(), "CORRECT");
    complete(pi, "Task_CorrectRegistration", corrected);
    uploadScan(pi);
    assertThat(status(applicationNumber(pi))).isEqualTo("REGISTERED");

    String abandoned = start(registrationForm("12345", "POLICE", null));
    complete(abandoned, "Task_CorrectRegistration", CORRECTION_ACTION.with("ABANDON"));
    assertThat(isEnded(abandoned)).isTrue();
    assertThat(endEvent(abandoned)).isEqualTo("EndEvent_RegistrationAbandoned");
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(abandoned).variableName("idNumber")
        .list()).allMatch(v -> v.getValue() == null);
  }

  @Test
  void fourIneligibleOfOneVillageAreOneListAtTheCardOfficeAndTheTownAndDecidedPerPerson() {
    List<String> pis = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pis.add(registerWithScan(TestApplicants.outsideGuangzhou()));
    }
    String sub = submitTown();
    pis.forEach(pi -> assertThat(status(applicationNumber(pi))).isEqualTo("INELIGIBLE"));
    String feedback = runtime.createProcessInstanceQuery().superProcessInstanceId(sub)
        .processDefinitionKey(IneligibleFeedbackProcess.PROCESS_KEY).singleResult().getId();

    // one task at the card office and, after it, one at the town, each listing the four
    var office = task(feedback, "Task_CardOfficeFeedback");
    assertThat(candidateGroupsOf(office.getId())).containsExactly("district-card-office");
    String list = IneligibleFeedbackProcess.INELIGIBLE_TEXT.from(tasks.getVariables(office.getId()));
    pis.forEach(pi -> assertThat(list).contains(applicationNumber(pi)));
    assertThat(tasks.getVariable(office.getId(), INELIGIBLE_COUNT.name())).isEqualTo(4);
    pis.forEach(pi -> assertThat(isWaitingAt(pi, "Task_AwaitFeedback")).isTrue());
    tasks.complete(office.getId());
    var town = task(feedback, "Task_RelayFeedback");
    assertThat(candidateGroupsOf(town.getId())).containsExactly("town-" + TOWN);
    tasks.complete(town.getId());
    assertThat(isEnded(feedback)).isTrue();

    // the village decides per person
    pis.forEach(pi -> assertThat(isWaitingAt(pi, "Task_InformApplicant")).isTrue());
    complete(pis.get(0), "Task_InformApplicant", FOLLOW_UP_ACTION.with("CORRECT")
        .putValue("photoSource", "STUDIO").putValue("studioReceipt", "ZX-2013-0042"));
    complete(pis.get(1), "Task_InformApplicant", FOLLOW_UP_ACTION.with("WITHDRAW"));
    complete(pis.get(2), "Task_InformApplicant", FOLLOW_UP_ACTION.with("CORRECT").putValue("photoSource", "UPLOAD"));
    complete(pis.get(2), "Task_UploadPhoto", Map.of("photoFile", Variables.fileValue("photo.jpg")
        .file(cn.panyu.card.citycentre.TestApplicants.jpeg(400, 500)).mimeType("image/jpeg").create()));
    assertThat(status(applicationNumber(pis.get(0)))).isEqualTo("REGISTERED");
    assertThat(status(applicationNumber(pis.get(1)))).isEqualTo("WITHDRAWN");
    assertThat(endEvent(pis.get(1))).isEqualTo("EndEvent_Withdrawn");
    assertThat(status(applicationNumber(pis.get(2)))).isEqualTo("REGISTERED");
    assertThat(isWaitingAt(pis.get(3), "Task_InformApplicant")).isTrue();

    // the corrected ones go in the next submission, and their cards are made
    submitTown();
    assertThat(status(applicationNumber(pis.get(0)))).isEqualTo("IN_TRANSIT");
    assertThat(status(applicationNumber(pis.get(2)))).isEqualTo("IN_TRANSIT");
    complete(pis.get(3), "Task_InformApplicant", FOLLOW_UP_ACTION.with("WITHDRAW"));
    // the ID number is free again for a new application
    assertThat(jdbc.queryForObject("select count(*) from applicant_claim where application_number = ?",
        Integer.class, applicationNumber(pis.get(3)))).isZero();
  }

  @Test
  void aFollowUpThatChangesNothingIsRefusedAndNothingGoesToTheCentreAgain() {
    String pi = registerWithScan(TestApplicants.outsideGuangzhou());
    String app = applicationNumber(pi);
    submitTown();
    relayFeedback();
    // submitted as it opens (correct, the police photo again): refused with the reason
    assertThatThrownBy(() -> completeAsOpened(pi, "Task_InformApplicant"))
        .hasMessageContaining("须提供新的照片");
    // the same studio receipt as none: refused too
    assertThatThrownBy(() -> complete(pi, "Task_InformApplicant", FOLLOW_UP_ACTION.with("CORRECT")
        .putValue("photoSource", "STUDIO").putValue("studioReceipt", ""))).hasMessageContaining("须提供新的照片");
    assertThat(status(app)).isEqualTo("INELIGIBLE");
    assertThat(isWaitingAt(pi, "Task_InformApplicant")).isTrue();
    // not waiting for a submission: the next town submission does not send it again
    assertThat(applicationsPendingIn(TOWN)).doesNotContain(app);
  }

  @Test
  void aReasonNoCorrectionCanHelpOffersTheWithdrawalOnly() {
    String pi = registerWithScan(cn.panyu.card.citycentre.TestApplicants.HAS_FINANCIAL_CARD);
    String app = applicationNumber(pi);
    submitTown();
    assertThat(runtime.getVariable(pi, INELIGIBLE_REASON.name())).isEqualTo("HAS_FINANCIAL_CARD");
    relayFeedback();
    var t = task(pi, "Task_InformApplicant");
    assertThat(tasks.getVariable(t.getId(), FOLLOW_UP_ACTION.name())).isEqualTo("WITHDRAW");
    assertThatThrownBy(() -> tasks.complete(t.getId(), FOLLOW_UP_ACTION.with("CORRECT")
        .putValue("photoSource", "STUDIO").putValue("studioReceipt", "ZX-1"))).hasMessageContaining("只能撤回申请");
    completeAsOpened(pi, "Task_InformApplicant");
    assertThat(status(app)).isEqualTo("WITHDRAWN");
  }

  @Test
  void everyTaskIsEscalatedByTheSweepOneLevelAtATime() {
    String bad = start(registrationForm("12345", "POLICE", null));
    String pi = registerWithScan(TestApplicants.outsideGuangzhou());
    String sub = startTownSubmission();
    sweepAfter(Duration.ofDays(10));
    assertThat(candidateGroups(bad, "Task_CorrectRegistration")).contains("village-" + VILLAGE, "town-" + TOWN);
    assertThat(candidateGroups(sub, "Task_TownCheck")).contains("town-" + TOWN, "district-card-office");
    assertThat(tasks.getTaskComments(task(sub, "Task_TownCheck").getId()))
        .anyMatch(c -> c.getFullMessage().contains("超时未办"));
    // still open three working days later: the level after
    sweepAfter(Duration.ofDays(20));
    assertThat(candidateGroups(bad, "Task_CorrectRegistration")).contains("district-card-office");
    assertThat(candidateGroups(sub, "Task_TownCheck")).contains("leaders");
    ClockUtil.reset();

    completeAsOpened(sub, "Task_TownCheck");
    sweepAfter(Duration.ofDays(10));
    assertThat(candidateGroups(sub, "Task_AffairsCheck")).contains("district-affairs-office", "district-card-office");
    ClockUtil.reset();
    completeAsOpened(sub, "Task_AffairsCheck");
    runAsyncJobs();
    await("the centre's answer", () -> status(applicationNumber(pi)).equals("INELIGIBLE"));
    for (int poll = 0; poll < 3 && hasTimer(sub, "Timer_PollResults"); poll++) {
      fireTimer(sub, "Timer_PollResults");
      runAsyncJobs();
    }
    String feedback = runtime.createProcessInstanceQuery().superProcessInstanceId(sub)
        .processDefinitionKey(IneligibleFeedbackProcess.PROCESS_KEY).singleResult().getId();
    sweepAfter(Duration.ofDays(10));
    assertThat(candidateGroups(feedback, "Task_CardOfficeFeedback")).contains("leaders");
    ClockUtil.reset();
    relayFeedback();
    sweepAfter(Duration.ofDays(30));
    assertThat(candidateGroups(pi, "Task_InformApplicant")).contains("village-" + VILLAGE, "town-" + TOWN);
    assertThat(notificationKinds(applicationNumber(pi))).contains("TASK_ESCALATED");
  }

  @Test
  void anApplicantWithALiveApplicationCannotRegisterTwice() {
    String id = TestApplicants.panyu();
    registerWithScan(id);
    String second = registerInTasklist(id, "POLICE", null);
    uploadScan(second, "Task_CorrectRegistration");
    assertThat(INTAKE_ERRORS_TEXT.from(runtime.getVariables(second))).contains("ALREADY_APPLIED");
  }

  @Test
  void aCardWithWrongDataIsCorrectedThenMadeAgainAndTheWrongOneGoesBack() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    submitTown();
    deliverAll();
    String firstCard = cardNumber(app);
    complete(pi, "Task_CollectCard", COLLECTION_OUTCOME.with("DATA_ERROR").and(DATA_ERROR_NOTE, "姓名有错别字"));
    // the correction form opens with the registered data: as it opens, it changes nothing and is refused
    assertThat(tasks.getVariable(task(pi, "Task_CorrectCardData").getId(), "name")).isEqualTo("测试申请人");
    assertThatThrownBy(() -> completeAsOpened(pi, "Task_CorrectCardData")).hasMessageContaining("相同");
    complete(pi, "Task_CorrectCardData", Map.of("name", "测试申请仁"));
    runAsyncJobs();
    assertThat(simulator.received().cardReports()).anyMatch(r -> r.cardNumber().equals(firstCard));
    assertThat(status(app)).isEqualTo("REGISTERED");
    assertThat(jdbc.queryForObject("select name from application where application_number = ?", String.class, app))
        .isEqualTo("测试申请仁");
    assertThat(isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();
    // the wrong card travels back up in the village's recovery box: village → town → card office → City Centre
    deliverAll();
    assertThat(ledger.currentLocation(firstCard)).isEqualTo("RETURNED");
    submitTown();
    assertThat(isWaitingAt(pi, "Task_AwaitCardAtVillage")).isTrue();
  }

  @Test
  void threeOverdueCardsOfOneVillageGoBackAsOneBoxThroughEachLevel() {
    List<String> pis = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pis.add(registerWithScan(TestApplicants.panyu()));
    }
    submitTown();
    deliverAll();
    String pi = pis.get(0);
    String app = applicationNumber(pi);
    fireTimer(pi, "Timer_NextReminder");
    assertThat(isWaitingAt(pi, "Task_CollectCard")).isTrue();
    assertThat(notificationKinds(app)).contains("CARD_READY", "COLLECTION_REMINDER");

    pis.forEach(p -> fireTimer(p, "Timer_CollectionOverdue"));
    pis.forEach(p -> {
      assertThat(status(applicationNumber(p))).isEqualTo("RECOVERED");
      assertThat(endEvent(p)).isEqualTo("EndEvent_Recovered");
    });
    List<String> cards = pis.stream().map(p -> cardNumber(applicationNumber(p))).toList();
    String box = jdbc.queryForObject("select distinct s.business_key from shipment s join shipment_item i"
        + " on i.shipment_id = s.shipment_id where s.purpose = 'RECOVERY' and i.card_number = ?", String.class,
        cards.get(0));
    assertThat(jdbc.queryForObject("select count(*) from shipment_item i join shipment s on s.shipment_id ="
        + " i.shipment_id where s.business_key = ?", Integer.class, box)).isEqualTo(3);
    deliverAll();
    cards.forEach(c -> assertThat(ledger.currentLocation(c)).isEqualTo("RETURNED"));
    // one box a level, each counted with three cards
    assertThat(jdbc.queryForList("select to_location || ':' || sent_count from handover h join shipment s"
        + " on s.shipment_id = h.shipment_id where s.business_key = ? order by h.handover_id", String.class, box))
        .containsExactly("TOWN:" + TOWN + ":3", "DISTRICT_CARD_OFFICE:3", "CITY_CENTRE:3");
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }

  @Test
  void activationReminderAndDeadline() {
    String pi = registerWithScan(TestApplicants.panyu());
    String app = applicationNumber(pi);
    submitTown();
    deliverAll();
    completeAsOpened(pi, "Task_CollectCard");
    fireTimer(pi, "Timer_NextActivationReminder");
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
    complete(sub, "Task_TownCheck", REVIEW_DECISION.with("POSTPONE"));
    assertThat(isEnded(sub)).isTrue();
    assertThat(jdbc.queryForObject("select submission_id from application where application_number = ?",
        String.class, app)).isNull();

    String second = startTownSubmission();
    completeAsOpened(second, "Task_TownCheck");
    complete(second, "Task_AffairsCheck", REVIEW_DECISION.with("POSTPONE"));
    assertThat(isEnded(second)).isTrue();
    assertThat(status(app)).isEqualTo("REGISTERED");
  }

  @Test
  void aTownWithNothingToSubmitEndsAtOnce() {
    String sub = runtime.startProcessInstanceByKey("town-submission",
        TOWN_CODE.with("440113105").and(STARTED_BY, "system")).getId();
    assertThat(isEnded(sub)).isTrue();
    assertThat(endEvent(sub)).isEqualTo("EndEvent_NothingToSubmit");
  }

  @Test
  void theScheduleStartsOneSubmissionPerTownWithApplicationsOnWorkingDaysOnly() {
    registerWithScan(TestApplicants.panyu());
    long before = runtime.createProcessInstanceQuery().processDefinitionKey("town-submission").count();
    ClockUtil.setCurrentTime(java.sql.Timestamp.valueOf("2013-10-01 17:00:00")); // 国庆
    runSchedule();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("town-submission").count())
        .isEqualTo(before);
    ClockUtil.setCurrentTime(java.sql.Timestamp.valueOf("2013-10-12 17:00:00")); // a Saturday worked instead
    runSchedule();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("town-submission")
        .variableValueEquals(TOWN_CODE.name(), TOWN).count()).isGreaterThanOrEqualTo(1);
  }

  private void runSchedule() {
    String pi = runtime.startProcessInstanceByKey("town-submission-schedule").getId();
    assertThat(isEnded(pi)).isTrue();
  }

  private List<String> candidateGroupsOf(String taskId) {
    return tasks.getIdentityLinksForTask(taskId).stream().filter(l -> l.getGroupId() != null)
        .map(l -> l.getGroupId()).toList();
  }

  private List<String> applicationsPendingIn(String town) {
    return jdbc.queryForList("select a.application_number from application a join org_unit v on v.code = a.unit_code"
        + " where v.parent_code = ? and a.status = 'REGISTERED'", String.class, town);
  }
}
