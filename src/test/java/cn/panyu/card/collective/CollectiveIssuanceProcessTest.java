package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.*;
import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.TestApplicants;
import cn.panyu.card.collective.CollectiveTestData.Person;
import cn.panyu.card.intake.FileRefusedException;
import cn.panyu.card.process.TaskEscalations;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Every path of {@code collective-issuance} on the whole application (H2, the in-process City Card Centre simulator,
 * the real {@code card-shipment}, {@code card-handover} and {@code ineligible-feedback} processes), timers fired
 * explicitly, the escalation sweep run on a moved engine clock, every task's form fetched (an embedded form's
 * variables must be there). When every test of the class passed, the last check is that together they passed
 * every flow node of the model.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectiveIssuanceProcessTest extends CollectiveProcessTestSupport {

  @Autowired RepositoryService repository;
  @Autowired TaskEscalations escalations;
  @Autowired BatchSubmissions batchSubmissions;

  private final AtomicInteger passed = new AtomicInteger();

  @RegisterExtension
  final TestWatcher countPassed = new TestWatcher() {
    @Override
    public void testSuccessful(ExtensionContext context) {
      passed.incrementAndGet();
    }
  };

  @AfterEach
  void clockBack() {
    ClockUtil.reset();
  }

  // ---------------------------------------------------------------------------------------------- issue 16

  @Test
  void twentyRowsTwoUndecidedTheEighteenHoldTheirCardsAndTheirSheetsAreBack() {
    twentyRowsOfWhichTwoStayUndecided();
  }

  @Test
  void cardsUncollectedAtTheDeadlineGoBackInOneBoxPerLevel() {
    uncollectedCardsGoBackAtTheDeadlineInOneBoxPerLevel();
  }

  // ---------------------------------------------------------------------------------------------- intake, review

  @Test
  void refusedRowsAreCorrectedIntoTheSameBatchThenDroppedThenTheReturnedBatchIsWithdrawn() {
    List<Person> good = CollectiveTestData.panyu(3);
    List<Person> bad = CollectiveTestData.panyu(2);
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", good, bad), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    assertThat(created.get("accepted").asInt()).isEqualTo(3);
    assertThat(created.get("rejected")).hasSize(2).allSatisfy(r ->
        assertThat(r.get("reason").asText()).isEqualTo("PHONE_FORMAT"));

    Task correct = task(pi, "Task_CorrectRejectedRows");
    assertThat(correct.getFormKey()).isEqualTo("embedded:app:forms/collective-batch-correction.html");
    assertThat(groups(correct)).containsExactly(CDC_GROUP);
    assertThat(tasks.getVariable(correct.getId(), CORRECTION_ACTION.name())).isEqualTo("RESUBMIT");
    assertThat(REJECTED_TEXT.from(tasks.getVariables(correct.getId()))).contains("PHONE_FORMAT");
    // a correction without a file is refused with a message; nothing moves
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(correct.getId())))
        .hasMessageContaining("请上传更正后的文件");
    // one row corrected, the other still wrong: the loop comes back with one refused row
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_CorrectRejectedRows", CORRECTED_FILE
        .with(Variables.fileValue("更正.csv").file(csv("工作证号", bad.subList(0, 1), bad.subList(1, 2))).create())));
    assertThat(runtime.getVariable(pi, ACCEPTED.name())).isEqualTo(4);
    assertThat(runtime.getVariable(pi, REJECTED.name())).isEqualTo(1);
    assertThat(numbers(batch)).hasSize(4);
    assertThat(variableValues(pi, "correctedFile")).allMatch(java.util.Objects::isNull);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_CorrectRejectedRows", CORRECTION_ACTION.with("SKIP")));

    Task review = task(pi, "Task_DepartmentReview");
    assertThat(groups(review)).containsExactly(HEALTH_GROUP);
    assertThat(review.getDueDate()).isNotNull();
    assertThat(review.getFollowUpDate()).isAfter(review.getDueDate());
    assertThatThrownBy(() -> tasks.complete(review.getId(), DEPARTMENT_DECISION.with("RETURN")))
        .hasMessageContaining("退回时请填写退回原因");
    tasks.complete(review.getId(), DEPARTMENT_DECISION.with("RETURN").and(RETURN_REASON, "缺少单位盖章"));
    Task revise = task(pi, "Task_ReviseBatch");
    assertThat(groups(revise)).containsExactly(CDC_GROUP);
    assertThat(tasks.getVariable(revise.getId(), RETURN_REASON.name())).isEqualTo("缺少单位盖章");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(revise.getId(), REVISE_ACTION.with("WITHDRAW")));

    // the withdrawal ends the review with its error, caught on the review sub-process
    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchWithdrawn");
    assertThat(passedNodes(pi)).contains("Task_WithdrawBatch", "EndEvent_BatchWithdrawnError",
        "Boundary_BatchWithdrawn");
    assertThat(statuses(batch)).hasSize(4).containsOnly("WITHDRAWN");
    assertThat(jdbc.queryForObject("select count(*) from applicant_claim c join application a"
        + " on a.application_number = c.application_number where a.batch_number = ?", Integer.class, batch)).isZero();
    JsonNode summary = summaryOverHttp("gov-inst", batch);
    assertThat(summary.get("status").asText()).isEqualTo("WITHDRAWN");
    assertThat(summary.get("counts").get("accepted").asInt()).isEqualTo(4);
    assertThat(summary.get("counts").get("rejected").asInt()).isEqualTo(1);
  }

  @Test
  void aBatchWithoutAnyAcceptedRowEndsOnceTheInstitutionGivesUpItsRefusedRows() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", List.of(), CollectiveTestData.panyu(2)), null);
    String pi = created.get("processInstanceId").asText();
    assertThat(created.get("accepted").asInt()).isZero();
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_CorrectRejectedRows", CORRECTION_ACTION.with("SKIP")));
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingAccepted");
    assertThat(summaryOverHttp("gov-inst", created.get("batchNumber").asText()).get("status").asText())
        .isEqualTo("NOTHING_ACCEPTED");
  }

  // ---------------------------------------------------------------------------------------------- submission, feedback

  @Test
  void bothReviewsReturnTheBatchTheCentreRefusesASubmissionAndRowsNothingCanHelpAreWithdrawn() {
    List<Person> holders = List.of(CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD),
        CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD_2));
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", holders), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();

    complete(pi, "Task_DepartmentReview", DEPARTMENT_DECISION.with("RETURN").and(RETURN_REASON, "请核对人员名单"));
    asUser("gov-inst", CDC_GROUP, () -> completeAsOpened(pi, "Task_ReviseBatch"));
    assertThat(tasks.getVariable(task(pi, "Task_DepartmentReview").getId(), "departmentDecision"))
        .as("the form opens with approval again").isEqualTo("APPROVE");
    completeAsOpened(pi, "Task_DepartmentReview");
    Task office = task(pi, "Task_CardOfficeReview");
    assertThat(groups(office)).containsExactly(OFFICE);
    assertThatThrownBy(() -> asUser("cardoffice", OFFICE, () -> tasks.complete(office.getId(), CARD_OFFICE_DECISION
        .with("RETURN").and(RETURN_REASON, " ")))).hasMessageContaining("退回时请填写退回原因");
    asUser("cardoffice", OFFICE, () -> tasks.complete(office.getId(), CARD_OFFICE_DECISION.with("RETURN")
        .and(RETURN_REASON, "请部门复核")));
    approveReviews(pi);

    // the centre refuses the submission (its id was used for other applications already)
    String refused = jdbc.queryForObject("select submission_id from submission where batch_number = ?",
        String.class, batch);
    simulator.submit(refused, new ApplicationBatch(refused, Mode.COLLECTIVE, CDC, "http://localhost:1/none",
        "http://localhost:1/none", List.of(TestApplicants.police("OTHER-1", TestApplicants.YOUNG_PANYU))));
    runAsyncJobs();
    Task refusal = task(pi, "Task_HandleRefusal");
    assertThat(groups(refusal)).containsExactly(OFFICE);
    assertThat(REFUSAL_REASON.from(tasks.getVariables(refusal.getId()))).isNotBlank();
    assertThat(tasks.getVariable(refusal.getId(), SUBMISSION_ID.name())).isEqualTo(refused);
    completeByUnit(refusal, Map.of());
    // the rows go again at once, in a new submission; the refused one stays refused
    assertThat(jdbc.queryForObject("select status from submission where submission_id = ?", String.class, refused))
        .isEqualTo("REFUSED");
    assertThat(jdbc.queryForObject("select count(*) from submission where batch_number = ? and status = 'CREATED'",
        Integer.class, batch)).isEqualTo(1);
    makeCards(pi, batch);
    assertThat(statuses(batch)).containsOnly("INELIGIBLE");
    assertThat(isWaitingAt(pi, "SubProcess_Issuing")).as("no card made, nothing to deliver").isFalse();
    relayFeedback(batch, 2, HEALTH_GROUP);

    // a round started by hand (Cockpit) finds nothing to submit and ends at once
    runtime.createProcessInstanceModification(pi).startBeforeActivity("Gateway_Submit").execute();
    assertThat(passedNodes(pi)).contains("EndEvent_NothingLeft");
    assertThat(jdbc.queryForObject("select count(*) from submission where batch_number = ?", Integer.class, batch))
        .isEqualTo(2);

    // the form opens with both listed for withdrawal: a correction cannot help them
    Task followUp = task(pi, "Task_InstitutionFollowUp");
    String both = WITHDRAW_NUMBERS.from(tasks.getVariables(followUp.getId()));
    assertThat(both.lines()).containsExactlyInAnyOrderElementsOf(numbers(batch));
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(followUp.getId(),
        WITHDRAW_NUMBERS.with(numbers(batch).get(0))))).hasMessageContaining("只能撤回");
    assertThat(statuses(batch)).containsOnly("INELIGIBLE");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(followUp.getId()));

    assertThat(endedAt(pi)).isEqualTo("EndEvent_IneligibleSettled");
    assertThat(statuses(batch)).containsOnly("WITHDRAWN");
    assertThat(jdbc.queryForObject("select count(*) from applicant_claim c join application a"
        + " on a.application_number = c.application_number where a.batch_number = ?", Integer.class, batch)).isZero();
    JsonNode summary = summaryOverHttp("cardoffice", batch);
    assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(summary.get("counts").toString()).isEqualTo("{\"accepted\":2,\"rejected\":0,\"ineligible\":2,"
        + "\"made\":0,\"issued\":0,\"signed\":0,\"recovered\":0}");
  }

  @Test
  void ineligibleRowsAreCorrectedWithPhotosAndMadeInTheNextRoundWhileTheFirstCardsAreHandedOut() {
    List<Person> panyu = CollectiveTestData.panyu(3);
    Person outsider = CollectiveTestData.notGuangzhou();
    Person holder = CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD_3);
    List<Person> people = new ArrayList<>(panyu);
    people.add(outsider);
    people.add(holder);
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", people), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    makeCards(pi, batch);
    String outsiderApp = numberOf(batch, outsider);
    assertThat(reasonOf(outsiderApp)).isEqualTo("NO_POLICE_PHOTO");
    assertThat(reasonOf(numberOf(batch, holder))).isEqualTo("HAS_FINANCIAL_CARD");

    // the first round's cards come down and are handed out; the list goes up; neither waits for the other
    deliverAll(batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    assertThat(count(batch, "ISSUED")).isEqualTo(3);
    relayFeedback(batch, 2, HEALTH_GROUP);

    Task followUp = task(pi, "Task_InstitutionFollowUp");
    assertThat(tasks.getVariable(followUp.getId(), WITHDRAW_NUMBERS.name())).isEqualTo(numberOf(batch, holder));
    // as it opens the outsider is neither withdrawn nor given a photo: refused, nothing changes
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(followUp.getId())))
        .hasMessageContaining("须提供新的照片");
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(followUp.getId(), Map.of(
        "correctionPhotos", Variables.fileValue("照片.zip").file(CollectiveTestData.notPhotos(List.of(outsider)))
            .create())))).hasMessageContaining("不合格");
    assertThat(status(outsiderApp)).isEqualTo("INELIGIBLE");
    assertThat(status(numberOf(batch, holder))).isEqualTo("INELIGIBLE");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(followUp.getId(), CORRECTION_PHOTOS
        .with(Variables.fileValue("照片.zip").file(CollectiveTestData.photos(List.of(outsider))).create())));
    assertThat(status(numberOf(batch, holder))).isEqualTo("WITHDRAWN");
    assertThat(jdbc.queryForObject("select photo_source from application where application_number = ?",
        String.class, outsiderApp)).isEqualTo("UPLOAD");
    assertThat(variableValues(pi, "correctionPhotos")).allMatch(java.util.Objects::isNull);

    // the next round: the corrected row is made and handed out
    makeCards(pi, batch);
    deliverAll(batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    deliverAll(batch);

    assertThat(endedAt(pi)).isNotNull();
    assertThat(jdbc.queryForObject("select count(*) from submission where batch_number = ?", Integer.class, batch))
        .isEqualTo(2);
    assertThat(sheets(batch).stream().map(s -> s.signedCount())).containsExactlyInAnyOrder(3, 1);
    JsonNode summary = summaryOverHttp("gov-inst", batch);
    assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(summary.get("counts").toString()).isEqualTo("{\"accepted\":5,\"rejected\":0,\"ineligible\":2,"
        + "\"made\":4,\"issued\":4,\"signed\":4,\"recovered\":0}");
    JsonNode app = http.withBasicAuth("gov-inst", "demo").getForEntity("/api/applications/" + outsiderApp,
        JsonNode.class).getBody();
    assertThat(app.get("mode").asText()).isEqualTo("COLLECTIVE");
    assertThat(app.get("status").asText()).isEqualTo("ISSUED");
    // the card office reads the batch; a sibling institution does not even learn that it exists
    assertThat(http.withBasicAuth("cardoffice", "demo").getForEntity("/api/collective-batches/" + batch,
        JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(http.withBasicAuth("school", "demo").getForEntity("/api/collective-batches/" + batch,
        String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aBatchIsSubmittedInPartsOfAtMostTheConfiguredRowsAndItsCardsTravelAsOneShipment() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(5)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    completeAsOpened(pi, "Task_DepartmentReview");
    submitInPartsOf(2, pi);
    assertThat(jdbc.queryForList("select application_count from submission where batch_number = ?"
        + " order by submission_id", Integer.class, batch)).containsExactly(2, 2, 1);
    makeCards(pi, batch);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Task_SubmitPart")
        .count()).isEqualTo(3);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Task_CollectResults")
        .count()).isEqualTo(1);
    assertThat(jdbc.queryForList("select count(*) from shipment_item i join shipment s on s.shipment_id ="
        + " i.shipment_id where s.business_key = ? and s.purpose = 'DELIVERY' group by s.shipment_id", Integer.class,
        batch)).containsExactly(5);
    deliverAll(batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(statuses(batch)).containsOnly("ISSUED");
  }

  @Test
  void twoListsOfIneligibleRowsFromTwoRoundsAreAnsweredEachOnItsOwnTask() {
    Person outsiderA = CollectiveTestData.notGuangzhou();
    Person outsiderB = CollectiveTestData.notGuangzhou();
    List<Person> people = List.of(outsiderA, CollectiveTestData.panyu(), outsiderB, CollectiveTestData.panyu());
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", people), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    String a = numberOf(batch, outsiderA);
    String b = numberOf(batch, outsiderB);
    completeAsOpened(pi, "Task_DepartmentReview");
    submitInPartsOf(2, pi);

    // the second part is refused; the first part's results come in meanwhile
    String refused = jdbc.queryForObject("select submission_id from application where application_number = ?",
        String.class, b);
    simulator.submit(refused, new ApplicationBatch(refused, Mode.COLLECTIVE, CDC, "http://localhost:1/none",
        "http://localhost:1/none", List.of(TestApplicants.police("OTHER-2", TestApplicants.YOUNG_PANYU))));
    makeCards(pi, batch);
    assertThat(status(a)).isEqualTo("INELIGIBLE");
    completeByUnit(task(pi, "Task_HandleRefusal"), Map.of());
    // the round ends: its list (A) goes back, its cards down, the refused part again in a round of its own
    makeCards(pi, batch);
    assertThat(status(b)).isEqualTo("INELIGIBLE");

    List<String> lists = runtime.createProcessInstanceQuery().processDefinitionKey("ineligible-feedback")
        .processInstanceBusinessKey(batch).list().stream().map(p -> p.getId()).toList();
    assertThat(lists).hasSize(2);
    for (String list : lists) {
      Task office = task(list, "Task_CardOfficeFeedback");
      assertThat(tasks.getVariable(office.getId(), INELIGIBLE_COUNT.name())).isEqualTo(1);
      completeByUnit(office, Map.of());
      completeByUnit(task(list, "Task_RelayFeedback"), Map.of());
    }
    List<Task> followUps = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_InstitutionFollowUp")
        .initializeFormKeys().list();
    assertThat(followUps).hasSize(2);
    followUps.forEach(this::checkEmbeddedForm);
    Task forA = followUps.stream().filter(t -> ((String) tasks.getVariable(t.getId(), "ineligibleText")).contains(a))
        .findFirst().orElseThrow();
    Task forB = followUps.stream().filter(t -> t != forA).findFirst().orElseThrow();
    assertThat((String) tasks.getVariable(forA.getId(), "ineligibleText")).doesNotContain(b);
    assertThat((String) tasks.getVariable(forB.getId(), "ineligibleText")).contains(b).doesNotContain(a);
    assertThat(tasks.getVariable(forA.getId(), INELIGIBLE_COUNT.name())).isEqualTo(1);
    assertThat(tasks.getVariable(forB.getId(), INELIGIBLE_COUNT.name())).isEqualTo(1);

    // B is withdrawn on its own task (by ID number) and A is left alone; then A is corrected on its own
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(forB.getId(), WITHDRAW_NUMBERS.with(outsiderB.idNumber())));
    assertThat(status(b)).isEqualTo("WITHDRAWN");
    assertThat(status(a)).isEqualTo("INELIGIBLE");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(forA.getId(), CORRECTION_PHOTOS
        .with(Variables.fileValue("照片.zip").file(CollectiveTestData.photos(List.of(outsiderA))).create())));
    assertThat(status(a)).isEqualTo("REGISTERED");
    makeCards(pi, batch);
    deliverAll(batch);
    tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_IssueCards").list().forEach(t ->
        asUser("gov-inst", CDC_GROUP, () -> tasks.complete(t.getId(), SIGN_OFF_SCAN.with(scan("签收表.pdf")))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(batches.summary(batch).counts()).isEqualTo(new CollectiveBatches.Counts(4, 0, 2, 3, 3, 3, 0));
  }

  // ---------------------------------------------------------------------------------------------- issuing

  @Test
  void twoWrongCardsOnTwoDaysAreCorrectedEachOnItsOwnFormAndMadeAgain() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(4)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    makeCards(pi, batch);
    deliverAll(batch);
    List<String> made = made(batch);
    String wrong1 = made.get(0);
    String wrong2 = made.get(1);
    List<String> oldCards = List.of(card(wrong1), card(wrong2));

    // day one: the first card shows wrong data, two people come later; day two: the second card is wrong too
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", DATA_ERROR_NUMBERS.with(wrong1)
        .and(NOT_COLLECTED, made.get(1) + "，" + made.get(2)).and(SIGN_OFF_SCAN, scan("签收表-第一天.pdf"))));
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", DATA_ERROR_NUMBERS.with(idNumberOf(wrong2))
        .and(SIGN_OFF_SCAN, scan("签收表-第二天.pdf"))));
    assertThat(isWaitingAt(pi, "Task_IssueCards")).isFalse();
    assertThat(status(wrong1)).isEqualTo("RECOVERED");
    assertThat(status(wrong2)).isEqualTo("RECOVERED");

    // each correction form lists its own person
    List<Task> corrections = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_CorrectCardData")
        .initializeFormKeys().orderByTaskCreateTime().asc().list();
    assertThat(corrections).hasSize(2);
    corrections.forEach(t -> assertThat(checkEmbeddedForm(t).getFormKey())
        .isEqualTo("embedded:app:forms/collective-card-data.html"));
    String listed1 = CARD_DATA_CORRECTIONS.from(tasks.getVariables(corrections.get(0).getId()));
    String listed2 = CARD_DATA_CORRECTIONS.from(tasks.getVariables(corrections.get(1).getId()));
    assertThat(listed1).startsWith(wrong1 + ",").doesNotContain(wrong2);
    assertThat(listed2).startsWith(wrong2 + ",").doesNotContain(wrong1);
    // the first form cannot be used for the other person, nor leave its own person out
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(corrections.get(0).getId(),
        CARD_DATA_CORRECTIONS.with(listed2.replace(nameOf(wrong2), nameOf(wrong2) + "甲")))))
        .hasMessageContaining(wrong1);
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(corrections.get(0).getId(),
        CARD_DATA_CORRECTIONS.with("")))).hasMessageContaining(wrong1);
    // the second first: each goes to the centre again in a round of its own, both rounds at once
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(corrections.get(1).getId(), CARD_DATA_CORRECTIONS
        .with(listed2.replace(",1380013", ",1390013"))));
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(corrections.get(0).getId(), CARD_DATA_CORRECTIONS
        .with(listed1.replace(nameOf(wrong1), nameOf(wrong1) + "乙"))));
    assertThat(statuses(batch)).containsExactlyInAnyOrder("RECOVERED", "RECOVERED", "ISSUED", "ISSUED");
    makeCards(pi, batch);
    assertThat(simulator.received().cardReports()).extracting(r -> r.cardNumber()).containsAll(oldCards);
    assertThat(jdbc.queryForObject("select phone from application where application_number = ?", String.class,
        wrong2)).startsWith("1390013");
    assertThat(nameOf(wrong1)).endsWith("乙");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Boundary_Resubmit")
        .count()).isEqualTo(2);
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(2);
    // the wrong cards went up in the institution's recovery box of the day: one box for both
    deliverAll(batch);
    oldCards.forEach(c -> assertThat(ledger.currentLocation(c)).isEqualTo("RETURNED"));
    assertThat(jdbc.queryForObject("select count(distinct s.shipment_id) from shipment s join shipment_item i"
        + " on i.shipment_id = s.shipment_id where s.purpose = 'RECOVERY' and i.card_number in (?, ?)", Integer.class,
        oldCards.get(0), oldCards.get(1))).isEqualTo(1);
    List<Task> remade = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_IssueCards")
        .initializeFormKeys().list();
    remade.forEach(this::checkEmbeddedForm);
    assertThat(remade).hasSize(2).allSatisfy(t -> assertThat(tasks.getVariable(t.getId(), "cardsAtInstitution"))
        .isEqualTo(1));
    remade.forEach(t -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(t.getId(), SIGN_OFF_SCAN
        .with(scan("签收表.pdf")))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(statuses(batch)).containsOnly("ISSUED");
    assertThat(card(wrong1)).isNotIn(oldCards);
    assertThat(card(wrong2)).isNotIn(oldCards);
    assertThat(jdbc.queryForObject("select count(*) from submission where batch_number = ?", Integer.class, batch))
        .isEqualTo(3);
    assertThat(batches.summary(batch).counts()).isEqualTo(new CollectiveBatches.Counts(4, 0, 0, 6, 4, 4, 0));
  }

  @Test
  void anIssuingRecordThatNamesUnknownCardsOrLacksTheScanIsRefused() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(2)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    makeCards(pi, batch);
    deliverAll(batch);
    Task issue = task(pi, "Task_IssueCards");
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId(), NOT_COLLECTED
        .with("CB0000-9999999")))).hasMessageContaining("不是本单位待发放的卡片");
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId())))
        .hasMessageContaining("签收表扫描件");
    String first = numbers(batch).get(0);
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId(), NOT_COLLECTED
        .with(first).and(DATA_ERROR_NUMBERS, card(first)).and(SIGN_OFF_SCAN, scan("签收表.pdf")))))
        .hasMessageContaining("同一张卡片");
    // another unit's clerk cannot record the issuing
    assertThatThrownBy(() -> asUser("school", "institution-" + SCHOOL, () -> tasks.complete(issue.getId(),
        SIGN_OFF_SCAN.with(scan("签收表.pdf"))))).hasMessageContaining("school");
    assertThat(statuses(batch)).containsOnly("AT_ISSUING_UNIT");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId(), SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    assertThat(statuses(batch)).containsOnly("ISSUED");
    assertThat(variableValues(pi, "signOffScan")).as("the scan is stored as a document, not a variable")
        .allMatch(java.util.Objects::isNull);

    // an issuing task reopened by hand (Cockpit) while the sheets travel: nothing waits, submitting it changes nothing
    assertThat(isWaitingAt(pi, "CallActivity_ReturnSheets")).isTrue();
    String roundInstance = runtime.getActivityInstance(pi).getActivityInstances("SubProcess_Issuing")[0].getId();
    runtime.createProcessInstanceModification(pi).startBeforeActivity("Gateway_IssueLoop", roundInstance).execute();
    Task reopened = task(pi, "Task_IssueCards");
    assertThat(tasks.getVariable(reopened.getId(), "cardsAtInstitution")).isEqualTo(0);
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(reopened.getId()));
    assertThat(passedNodes(pi)).contains("EndEvent_AllIssued");
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(sheets(batch).stream().map(s -> s.signedCount())).containsExactly(2);
  }

  // ---------------------------------------------------------------------------------------------- escalation

  @Test
  void theSweepBringsInTheUnitAboveForTheReviewsAndTheIssuingOneLevelAtATime() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(2)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();

    Task review = task(pi, "Task_DepartmentReview");
    sweepAfter(review.getFollowUpDate());
    assertThat(groups(task(pi, "Task_DepartmentReview"))).containsExactlyInAnyOrder(HEALTH_GROUP, OFFICE);
    assertThat(tasks.getTaskComments(review.getId())).anyMatch(c -> c.getFullMessage().contains("超时未办"));
    sweepAfter(task(pi, "Task_DepartmentReview").getFollowUpDate());
    assertThat(groups(task(pi, "Task_DepartmentReview"))).containsExactlyInAnyOrder(HEALTH_GROUP, OFFICE, "leaders");
    ClockUtil.reset();
    // the card office may now approve in the department's place
    asUser("cardoffice", OFFICE, () -> completeAsOpened(pi, "Task_DepartmentReview"));

    Task office = task(pi, "Task_CardOfficeReview");
    sweepAfter(office.getFollowUpDate());
    Task escalated = task(pi, "Task_CardOfficeReview");
    assertThat(groups(escalated)).containsExactlyInAnyOrder(OFFICE, "leaders");
    assertThat(escalated.getFollowUpDate()).as("nobody above the leaders").isNull();
    assertThat(escalated.getPriority()).isGreaterThan(office.getPriority());
    ClockUtil.reset();
    completeByUnit(escalated, Map.of());

    makeCards(pi, batch);
    deliverAll(batch);
    Task issue = task(pi, "Task_IssueCards");
    assertThat(issue.getFollowUpDate()).isBefore(issue.getDueDate());
    sweepAfter(issue.getFollowUpDate());
    assertThat(groups(task(pi, "Task_IssueCards"))).containsExactlyInAnyOrder(CDC_GROUP, HEALTH_GROUP);
    sweepAfter(task(pi, "Task_IssueCards").getFollowUpDate());
    assertThat(groups(task(pi, "Task_IssueCards"))).containsExactlyInAnyOrder(CDC_GROUP, HEALTH_GROUP, OFFICE);
    ClockUtil.reset();
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
  }

  // ---------------------------------------------------------------------------------------------- Tasklist, forms

  @Test
  void aSchoolUploadsItsBatchAndPhotosOnTheTasklistStartFormAndEachUnitWorksItsOwnStep() {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY)
        .latestVersion().singleResult().getId();
    assertThat(forms.getStartFormKey(definition)).isEqualTo("embedded:app:forms/collective-batch-upload.html");
    List<Person> pupils = CollectiveTestData.panyu(3);
    String schoolGroup = "institution-" + SCHOOL;
    identity.setAuthentication("school", List.of(schoolGroup));
    String pi;
    try {
      pi = forms.submitStartForm(definition,
          BATCH_FILE.with(Variables.fileValue("学生名单.csv").file(csv("学籍号", pupils)).create())
              .and(PHOTO_ARCHIVE, Variables.fileValue("照片.zip").file(CollectiveTestData.photos(pupils)).create()))
          .getId();
    } finally {
      identity.clearAuthentication();
    }
    INSTANCES.add(pi);
    // the upload is taken in by a job, not in the uploader's request
    assertThat(runtime.getVariable(pi, BATCH_NUMBER.name())).isNull();
    takeInUpload(pi);
    String batch = BATCH_NUMBER.from(runtime.getVariables(pi));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).singleResult().getBusinessKey())
        .isEqualTo(batch);
    assertThat(runtime.getVariable(pi, CHANNEL.name())).isEqualTo("TASKLIST");
    assertThat(runtime.getVariable(pi, ACCEPTED.name())).isEqualTo(3);
    assertThat(runtime.getVariable(pi, BATCH_FILE.name())).isNull();
    assertThat(runtime.getVariable(pi, PHOTO_ARCHIVE.name())).isNull();
    assertThat(jdbc.queryForObject("select count(*) from application where batch_number = ?"
        + " and photo_source = 'UPLOAD'", Integer.class, batch)).isEqualTo(3);
    // the file is the applicants' data: history keeps that it was uploaded, by whom, not what it held
    for (byte[] bytes : jdbc.queryForList("select bytes_ from act_ge_bytearray", byte[].class)) {
      String text = bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(pupils).as("an ID number of the file in a stored byte array").noneMatch(
          p -> text.contains(p.idNumber()));
    }
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi).variableName(BATCH_FILE.name())
        .includeDeleted().singleResult().getValue()).isNull();

    // the department's clerk sees the batch (read grant on the instance) and works its task
    Task review = task(pi, "Task_DepartmentReview");
    assertThat(groups(review)).containsExactly("department-edu");
    identity.setAuthentication("edu", List.of("department-edu"));
    try {
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).count()).isEqualTo(1);
      assertThat(tasks.createTaskQuery().processInstanceId(pi).count()).isEqualTo(1);
    } finally {
      identity.clearAuthentication();
    }
    approveReviews(pi);
    makeCards(pi, batch);
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(3);
    deliverAll(batch);
    assertThat(jdbc.queryForList("select confirmed_by from handover h join handover_item i on i.handover_id ="
        + " h.handover_id where i.card_number = ? order by h.created_at", String.class, card(numbers(batch).get(0))))
        .containsExactly("cardoffice", "edu", "school");
    asUser("school", schoolGroup, () -> complete(pi, "Task_IssueCards", SIGN_OFF_SCAN.with(scan("签收表.pdf"))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(summaryOverHttp("edu", batch).get("counts").get("signed").asInt()).isEqualTo(3);

    // a file refused whole: no batch; back to the uploader with the reason, who uploads a corrected file
    String refused = uploadOnStartForm(definition, "school", schoolGroup, BATCH_FILE
        .with(Variables.fileValue("空.csv").file(csv("学籍号", List.of())).create()));
    INSTANCES.add(refused);
    takeInUpload(refused);
    Task reupload = task(refused, "Task_ReuploadBatch");
    assertThat(reupload.getAssignee()).isEqualTo("school");
    // given to one person, it is escalated all the same: to the unit above the uploader's
    sweepAfter(reupload.getFollowUpDate());
    ClockUtil.reset();
    assertThat(tasks.getIdentityLinksForTask(reupload.getId())).anyMatch(l -> "department-edu".equals(l.getGroupId()));
    assertThat(FILE_REFUSED_REASON.from(runtime.getVariables(refused))).contains("没有申请人数据");
    assertThat(runtime.getVariable(refused, BATCH_NUMBER.name())).isNull();
    assertThat(runtime.getVariable(refused, BATCH_FILE.name())).isNull();
    List<Person> more = CollectiveTestData.panyu(2);
    asUser("school", schoolGroup, () -> complete(refused, "Task_ReuploadBatch",
        BATCH_FILE.with(Variables.fileValue("学生名单.csv").file(csv("学籍号", more)).create())
            .and(PHOTO_ARCHIVE, Variables.fileValue("照片.zip").file(CollectiveTestData.photos(more)).create())
            .putValue("reuploadAction", "REUPLOAD")));
    takeInUpload(refused);
    assertThat(runtime.getVariable(refused, ACCEPTED.name())).isEqualTo(2);
    assertThat(runtime.getVariable(refused, FILE_REFUSED_REASON.name())).isNull();
    task(refused, "Task_DepartmentReview");

    // refused again, and the uploader gives up: the instance ends with nothing accepted
    String givenUp = uploadOnStartForm(definition, "school", schoolGroup, BATCH_FILE
        .with(Variables.fileValue("空.csv").file(csv("学籍号", List.of())).create()));
    INSTANCES.add(givenUp);
    takeInUpload(givenUp);
    asUser("school", schoolGroup, () -> complete(givenUp, "Task_ReuploadBatch", Map.of("reuploadAction", "ABANDON")));
    assertThat(endedAt(givenUp)).isEqualTo("EndEvent_NothingAccepted");
  }

  private String uploadOnStartForm(String definition, String user, String group, Map<String, Object> variables) {
    identity.setAuthentication(user, List.of(group));
    try {
      return forms.submitStartForm(definition, variables).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** The job that takes in a file uploaded on the start form (or re-uploaded). */
  private void takeInUpload(String processInstanceId) {
    var job = management.createJobQuery().processInstanceId(processInstanceId).activityId("Task_TakeInUpload")
        .singleResult();
    assertThat(job).as("the upload's job").isNotNull();
    management.executeJob(job.getId());
  }

  @Test
  void theEmbeddedFormsAreServedAndTheDeployedFormsCarryTheirIds() {
    for (String form : List.of("collective-batch-upload", "collective-batch-reupload", "collective-batch-correction",
        "collective-ineligible-follow-up", "collective-issuing", "collective-card-data")) {
      ResponseEntity<String> html = http.getForEntity("/forms/" + form + ".html", String.class);
      assertThat(html.getStatusCode()).as(form).isEqualTo(HttpStatus.OK);
      assertThat(html.getBody()).contains("cam-variable-name");
    }
    String deployment = repository.createProcessDefinitionQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY)
        .latestVersion().singleResult().getDeploymentId();
    for (String form : List.of("collective-department-review", "collective-card-office-review",
        "collective-batch-revise", "submission-refused", "ineligible-feedback", "handover-receipt")) {
      assertThat(repository.getDeploymentResourceNames(deployment)).as(form).anySatisfy(
          name -> assertThat(name).endsWith("/" + form + ".form"));
    }
  }

  // ---------------------------------------------------------------------------------------------- coverage

  /** When every test passed: together they passed every flow node of the model. */
  @AfterAll
  void togetherTheTestsPassEveryFlowNodeOfTheModel() {
    long all = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
    if (passed.get() < all) {
      return; // some tests did not run or failed: they say why
    }
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY)
        .latestVersion().singleResult().getId();
    Set<String> nodes = new HashSet<>();
    repository.getBpmnModelInstance(definition).getModelElementsByType(FlowNode.class)
        .forEach(n -> nodes.add(n.getId()));
    assertThat(nodes).as("the model's flow nodes").hasSizeGreaterThan(70);
    Set<String> passedNodes = new HashSet<>();
    INSTANCES.forEach(pi -> passedNodes.addAll(passedNodes(pi)));
    nodes.removeAll(passedNodes);
    assertThat(nodes).as("flow nodes of collective-issuance no test passed").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /**
   * The card office approves and the batch is split into parts of at most this many rows: the setting
   * (collective.submission-max-rows, 500 here) is read once at start, so it is changed on the bean for this one
   * approval and set back at once (tests run one at a time).
   */
  private void submitInPartsOf(int rows, String pi) {
    Object target = AopTestUtils.getTargetObject(batchSubmissions);
    Object configured = ReflectionTestUtils.getField(target, "maxRowsPerSubmission");
    ReflectionTestUtils.setField(target, "maxRowsPerSubmission", rows);
    try {
      completeByUnit(task(pi, "Task_CardOfficeReview"), Map.of());
    } finally {
      ReflectionTestUtils.setField(target, "maxRowsPerSubmission", configured);
    }
  }

  private List<String> passedNodes(String pi) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(pi).list().stream()
        .map(a -> a.getActivityId()).distinct().toList();
  }

  private String idNumberOf(String applicationNumber) {
    return jdbc.queryForObject("select id_number from application where application_number = ?", String.class,
        applicationNumber);
  }

  /** The engine clock just past this date, and the escalation sweep run as its model does, until none is due. */
  private void sweepAfter(Date followUp) {
    assertThat(followUp).as("follow-up date").isNotNull();
    ClockUtil.setCurrentTime(new Date(followUp.getTime() + 60_000));
    while (escalations.escalateDue(500)) {
      // the model's loop: rounds until none is due
    }
  }
}
