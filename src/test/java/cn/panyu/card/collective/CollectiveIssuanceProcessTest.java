package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.TestApplicants;
import cn.panyu.card.collective.CollectiveTestData.Person;
import cn.panyu.card.intake.CollectiveIntakeService;
import cn.panyu.card.intake.CollectiveIntakeService.IntakeRequest;
import cn.panyu.card.intake.CollectiveIntakeService.IntakeResult;
import cn.panyu.card.intake.FileRefusedException;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every path of {@code collective-issuance} on the whole application (H2, the in-process City Card
 * Centre simulator, the real card-handover processes), timers fired explicitly, every task's form fetched.
 * The model coverage report is written to target/process-test-coverage/ (its own context, closed after
 * the class, because the coverage configuration changes the engine).
 */
@H2Test
class CollectiveIssuanceProcessTest extends CollectiveProcessTestSupport {

  static final String CDC = "panyu-cdc";            // an institution of department health (工作证号)
  static final String SCHOOL = "shiqiao-central-primary"; // a school of department edu (学籍号 + photos)
  static final String HEALTH_GROUP = "department-health";
  static final String CDC_GROUP = "institution-panyu-cdc";
  static final String OFFICE = "district-card-office";

  @Autowired CollectiveIntakeService intake;
  @Autowired CollectiveBatches batches;
  @Autowired RepositoryService repository;
  @Autowired TestRestTemplate http;
  @TempDir Path dir;

  // ------------------------------------------------------------------------------------------ paths

  @Test
  void normalPathWithDiscrepancyOverdueEscalationsAndARecoveredCard() {
    List<Person> people = CollectiveTestData.panyu(6);
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", people));
    String pi = r.processInstanceId();
    String batch = r.batchNumber();
    assertThat(r.accepted()).isEqualTo(6);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).singleResult().getBusinessKey())
        .isEqualTo(batch);
    assertThat(runtime.getVariable(pi, "departmentGroup")).isEqualTo(HEALTH_GROUP);
    assertThat(runtime.getVariable(pi, "channel")).isEqualTo("API");
    assertThat(batchStatus(batch)).isEqualTo("DEPARTMENT_REVIEW");

    Task review = task(pi, "Task_DepartmentReview");
    assertThat(groups(review)).containsExactly(HEALTH_GROUP);
    assertThat(review.getDueDate()).isNotNull();
    fireTimer(pi, "Timer_DepartmentReviewOverdue");
    assertThat(groups(task(pi, "Task_DepartmentReview"))).contains(HEALTH_GROUP, OFFICE);
    completeAsOpened(pi, "Task_DepartmentReview");

    assertThat(groups(task(pi, "Task_CardOfficeReview"))).containsExactly(OFFICE);
    fireTimer(pi, "Timer_CardOfficeReviewOverdue");
    assertThat(groups(task(pi, "Task_CardOfficeReview"))).contains("leaders");
    completeAsOpened(pi, "Task_CardOfficeReview");

    makeCards(pi, batch);
    assertThat(isWaitingAt(pi, "Task_AwaitCards")).isTrue();
    assertThat(statuses(batch)).containsOnly("IN_TRANSIT");
    // the periodic re-check finds the cards still on their way and waits again
    fireTimer(pi, "Timer_RecheckCards");
    assertThat(isWaitingAt(pi, "Task_AwaitCards")).isTrue();

    // City Centre → card office (count confirmed) → department (count differs, recount) → institution
    confirmReceiptAt(batch, "DISTRICT_CARD_OFFICE", null);
    confirmReceiptAt(batch, "DEPARTMENT:health", 5);
    String box = jdbc.queryForObject("select process_instance_id from handover where status = 'DISCREPANCY'"
        + " and to_location = 'DEPARTMENT:health' and handover_id in (select i.handover_id from handover_item i"
        + " join application a on a.application_number = i.application_number where a.batch_number = ?)",
        String.class, batch);
    Task discrepancy = task(box, "Task_CheckDiscrepancy");
    assertThat(groups(discrepancy)).containsExactly(OFFICE);
    tasks.complete(discrepancy.getId(), Map.of("discrepancyOutcome", "RECOUNT_MATCHES"));
    runAsyncJobs();
    // the institution's clerk confirms the last box: the batch's instance is woken though he may not update it
    Task lastBox = openReceipts(batch).get(0);
    assertThat(runtime.getVariable(lastBox.getExecutionId(), "toLocation")).isEqualTo("INSTITUTION:" + CDC);
    identity.setAuthentication("gov-inst", List.of(CDC_GROUP));
    try {
      tasks.complete(lastBox.getId());
    } finally {
      identity.clearAuthentication();
    }

    assertThat(statuses(batch)).containsOnly("AT_ISSUING_UNIT");
    Task issue = task(pi, "Task_IssueCards");
    assertThat(issue.getFormKey()).isEqualTo("embedded:app:forms/collective-issuing.html");
    assertThat(groups(issue)).containsExactly(CDC_GROUP);
    assertThat(runtime.getVariable(pi, "cardsAtInstitution")).isEqualTo(6);
    assertThat(runtime.getVariable(pi, "notCollected")).isEqualTo("");
    fireTimer(pi, "Timer_IssuingOverdue");
    assertThat(groups(task(pi, "Task_IssueCards"))).contains(CDC_GROUP, HEALTH_GROUP);
    fireTimer(pi, "Timer_IssuingLongOverdue");
    assertThat(groups(task(pi, "Task_IssueCards"))).contains(OFFICE);

    // one person never came: the card is recovered; the rest signed the stamped sheets
    String absent = numbers(batch).get(5);
    complete(pi, "Task_IssueCards", Map.of("notCollected", absent,
        "signOffScan", Variables.fileValue("签收表.pdf").file(CollectiveTestData.scan()).create()));
    assertThat(status(absent)).isEqualTo("RECOVERED");
    assertThat(numbers(batch).subList(0, 5)).allSatisfy(n -> assertThat(status(n)).isEqualTo("ISSUED"));
    assertThat(runtime.getVariable(pi, "signOffScan")).isNull();
    assertThat(isWaitingAt(pi, "Task_AwaitReturns")).isTrue();
    fireTimer(pi, "Timer_RecheckReturns");
    assertThat(isWaitingAt(pi, "Task_AwaitReturns")).isTrue();

    // sheets and the recovered card: institution → department → card office → City Centre
    confirmAllReceipts(batch);
    assertThat(isEnded(pi)).isTrue();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchCompleted");
    assertThat(batchStatus(batch)).isEqualTo("COMPLETED");

    SignOffSheet sheet = simulator.received().signOffSheets().stream()
        .filter(s -> s.cardBatchNumber().equals(batch)).findFirst().orElseThrow();
    assertThat(sheet.institutionCode()).isEqualTo(CDC);
    assertThat(sheet.signedCount()).isEqualTo(5);
    assertThat(sheet.documentBase64()).isEqualTo(CollectiveTestData.scan());
    String absentCard = card(absent);
    assertThat(simulator.received().returnedCards()).anySatisfy(rc -> assertThat(rc.cardNumbers()).contains(absentCard));

    JsonNode summary = http.withBasicAuth("gov-inst", "demo")
        .getForEntity("/api/collective-batches/" + batch, JsonNode.class).getBody();
    assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(summary.get("institutionCode").asText()).isEqualTo(CDC);
    assertThat(summary.get("counts").toString()).isEqualTo(
        "{\"accepted\":6,\"rejected\":0,\"ineligible\":0,\"made\":6,\"issued\":5,\"signed\":5,\"recovered\":1}");
    assertThat(summary.get("applicationNumbers")).hasSize(6);
    JsonNode app = http.withBasicAuth("gov-inst", "demo")
        .getForEntity("/api/applications/" + numbers(batch).get(0), JsonNode.class).getBody();
    assertThat(app.get("mode").asText()).isEqualTo("COLLECTIVE");
    assertThat(app.get("status").asText()).isEqualTo("ISSUED");
    // the department and the card office read it; a sibling institution does not even see it exists
    assertThat(http.withBasicAuth("cardoffice", "demo").getForEntity("/api/collective-batches/" + batch,
        JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(http.withBasicAuth("school", "demo").getForEntity("/api/collective-batches/" + batch,
        String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void rejectedRowsAreCorrectedIntoTheSameBatchThenDroppedThenTheReturnedBatchIsWithdrawn() throws Exception {
    List<Person> good = CollectiveTestData.panyu(3);
    List<Person> bad = CollectiveTestData.panyu(2);
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", good, bad));
    String pi = r.processInstanceId();
    String batch = r.batchNumber();
    assertThat(r.rejectedRows()).isEqualTo(2);

    Task correct = task(pi, "Task_CorrectRejectedRows");
    assertThat(correct.getFormKey()).isEqualTo("embedded:app:forms/collective-batch-correction.html");
    assertThat(groups(correct)).containsExactly(CDC_GROUP);
    assertThat(runtime.getVariable(pi, "correctionAction")).isEqualTo("RESUBMIT");
    assertThat((String) runtime.getVariable(pi, "rejectedText")).contains("PHONE_FORMAT");
    assertThat(batchStatus(batch)).isEqualTo("CORRECTING");
    fireTimer(pi, "Timer_CorrectRejectedRowsOverdue");
    assertThat(groups(task(pi, "Task_CorrectRejectedRows"))).contains(HEALTH_GROUP);

    // a correction without a file is refused with a message; nothing moves
    assertThatThrownBy(() -> complete(pi, "Task_CorrectRejectedRows", Map.of()))
        .hasMessageContaining("请上传更正后的文件");
    // one row corrected, the other still wrong: the loop comes back with one refused row
    complete(pi, "Task_CorrectRejectedRows", Map.of("correctedFile",
        Variables.fileValue("corrected.csv").file(csv("工作证号", bad.subList(0, 1), bad.subList(1, 2))).create()));
    assertThat(runtime.getVariable(pi, "accepted")).isEqualTo(4);
    assertThat(runtime.getVariable(pi, "rejected")).isEqualTo(1);
    assertThat(numbers(batch)).hasSize(4);
    complete(pi, "Task_CorrectRejectedRows", Map.of("correctionAction", "SKIP"));

    assertThatThrownBy(() -> complete(pi, "Task_DepartmentReview", Map.of("departmentDecision", "RETURN")))
        .hasMessageContaining("退回时请填写退回原因");
    complete(pi, "Task_DepartmentReview", Map.of("departmentDecision", "RETURN", "returnReason", "缺少单位盖章"));
    Task revise = task(pi, "Task_ReviseBatch");
    assertThat(groups(revise)).containsExactly(CDC_GROUP);
    assertThat(batchStatus(batch)).isEqualTo("RETURNED");
    fireTimer(pi, "Timer_ReviseBatchOverdue");
    assertThat(groups(task(pi, "Task_ReviseBatch"))).contains(HEALTH_GROUP);
    complete(pi, "Task_ReviseBatch", Map.of("reviseAction", "WITHDRAW"));

    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchWithdrawn");
    assertThat(statuses(batch)).containsOnly("WITHDRAWN");
    assertThat(batchStatus(batch)).isEqualTo("WITHDRAWN");
    assertThat(jdbc.queryForObject("select count(*) from applicant_claim c join application a"
        + " on a.application_number = c.application_number where a.batch_number = ?", Integer.class, batch)).isZero();
  }

  @Test
  void aBatchWithoutAnyAcceptedRowEndsOnceTheInstitutionGivesUpItsRefusedRows() {
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", List.of(), CollectiveTestData.panyu(2)));
    String pi = r.processInstanceId();
    assertThat(r.accepted()).isZero();
    complete(pi, "Task_CorrectRejectedRows", Map.of("correctionAction", "SKIP"));
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingAccepted");
    assertThat(batchStatus(r.batchNumber())).isEqualTo("EMPTY");
  }

  @Test
  void returnsOfBothReviewsARefusedSubmissionAndIneligibleRowsAllWithdrawn() {
    List<Person> people = List.of(CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD),
        CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD_2));
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", people));
    String pi = r.processInstanceId();
    String batch = r.batchNumber();

    complete(pi, "Task_DepartmentReview", Map.of("departmentDecision", "RETURN", "returnReason", "请核对人员名单"));
    complete(pi, "Task_ReviseBatch", Map.of());
    assertThat(runtime.getVariable(pi, "departmentDecision")).as("the form opens with approval again")
        .isEqualTo("APPROVE");
    completeAsOpened(pi, "Task_DepartmentReview");
    assertThatThrownBy(() -> complete(pi, "Task_CardOfficeReview", Map.of("cardOfficeDecision", "RETURN",
        "returnReason", " "))).hasMessageContaining("退回时请填写退回原因");
    complete(pi, "Task_CardOfficeReview", Map.of("cardOfficeDecision", "RETURN", "returnReason", "请部门复核"));
    completeAsOpened(pi, "Task_DepartmentReview");
    completeAsOpened(pi, "Task_CardOfficeReview");

    // the centre refuses the submission (its id was used for other applications already)
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) runtime.getVariable(pi, "submissionIds");
    assertThat(ids).hasSize(1);
    simulator.submit(ids.get(0), new ApplicationBatch(ids.get(0), Mode.COLLECTIVE, CDC, "http://localhost:1/none",
        "http://localhost:1/none", List.of(TestApplicants.police("OTHER-1", TestApplicants.YOUNG_PANYU))));
    runAsyncJobs();
    Task refusal = task(pi, "Task_HandleRefusal");
    assertThat(groups(refusal)).containsExactly(OFFICE);
    assertThat((String) tasks.getVariable(refusal.getId(), "refusalReason")).isNotBlank();
    assertThat(tasks.getVariable(refusal.getId(), "submissionId")).isEqualTo(ids.get(0));
    fireTimer(pi, "Timer_HandleRefusalOverdue");
    assertThat(groups(task(pi, "Task_HandleRefusal"))).contains("leaders");
    completeAsOpened(pi, "Task_HandleRefusal");
    assertThat(statuses(batch)).containsOnly("REGISTERED");
    assertThat(runtime.getVariable(pi, "pendingCount")).isEqualTo(2);

    // back at the card office, submitted again under a new id: both holders have a financial card
    completeAsOpened(pi, "Task_CardOfficeReview");
    makeCards(pi, batch);
    assertThat(statuses(batch)).containsOnly("INELIGIBLE");
    Task officeFeedback = task(pi, "Task_CardOfficeFeedback");
    assertThat(groups(officeFeedback)).containsExactly(OFFICE);
    assertThat((String) runtime.getVariable(pi, "ineligibleText")).contains("已持有具金融功能的社保卡");
    fireTimer(pi, "Timer_CardOfficeFeedbackOverdue");
    assertThat(groups(task(pi, "Task_CardOfficeFeedback"))).contains("leaders");
    completeAsOpened(pi, "Task_CardOfficeFeedback");
    assertThat(groups(task(pi, "Task_DepartmentFeedback"))).containsExactly(HEALTH_GROUP);
    fireTimer(pi, "Timer_DepartmentFeedbackOverdue");
    assertThat(groups(task(pi, "Task_DepartmentFeedback"))).contains(OFFICE);
    completeAsOpened(pi, "Task_DepartmentFeedback");
    Task followUp = task(pi, "Task_InstitutionFollowUp");
    assertThat(followUp.getFormKey()).isEqualTo("embedded:app:forms/collective-ineligible-follow-up.html");
    fireTimer(pi, "Timer_InstitutionFollowUpOverdue");
    assertThat(groups(task(pi, "Task_InstitutionFollowUp"))).contains(HEALTH_GROUP);
    // the form opens with both listed for withdrawal: a correction cannot help them
    assertThat(((String) runtime.getVariable(pi, "withdrawNumbers")).split("\n")).hasSize(2);
    completeAsOpened(pi, "Task_InstitutionFollowUp");

    assertThat(endedAt(pi)).isEqualTo("EndEvent_NoCards");
    assertThat(statuses(batch)).containsOnly("WITHDRAWN");
    assertThat(batchStatus(batch)).isEqualTo("CLOSED");
    assertThat(batches.summary(batch).counts().ineligible()).isEqualTo(2);
  }

  @Test
  void ineligibleRowsAreCorrectedWithPhotosAndMadeInASecondRoundWhileTheFirstCardsTravel() {
    List<Person> panyu = CollectiveTestData.panyu(3);
    Person outsider = CollectiveTestData.notGuangzhou();
    Person holder = CollectiveTestData.withId(CollectiveTestData.HAS_FINANCIAL_CARD);
    List<Person> people = new ArrayList<>(panyu);
    people.add(outsider);
    people.add(holder);
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", people));
    String pi = r.processInstanceId();
    String batch = r.batchNumber();
    completeAsOpened(pi, "Task_DepartmentReview");
    completeAsOpened(pi, "Task_CardOfficeReview");
    makeCards(pi, batch);
    assertThat(runtime.getVariable(pi, "ineligibleCount")).isEqualTo(2);
    String outsiderApp = numberOf(batch, outsider);
    assertThat(jdbc.queryForObject("select ineligible_reason from application where application_number = ?",
        String.class, outsiderApp)).isEqualTo("NO_POLICE_PHOTO");

    // the first round's cards travel while the rows are fed back: nobody waits for them yet
    completeAsOpened(pi, "Task_CardOfficeFeedback");
    confirmAllReceipts(batch);
    assertThat(count(batch, "AT_ISSUING_UNIT")).isEqualTo(3);
    completeAsOpened(pi, "Task_DepartmentFeedback");
    assertThat(runtime.getVariable(pi, "withdrawNumbers")).isEqualTo(numberOf(batch, holder));
    complete(pi, "Task_InstitutionFollowUp", Map.of("correctionPhotos",
        Variables.fileValue("photos.zip").file(CollectiveTestData.photos(List.of(outsider))).create()));
    assertThat(runtime.getVariable(pi, "resubmitCount")).isEqualTo(1);
    assertThat(status(numberOf(batch, holder))).isEqualTo("WITHDRAWN");
    assertThat(jdbc.queryForObject("select photo_source from application where application_number = ?",
        String.class, outsiderApp)).isEqualTo("UPLOAD");

    // second round: the corrected row is made and its card follows the others
    makeCards(pi, batch);
    assertThat(status(outsiderApp)).isEqualTo("IN_TRANSIT");
    assertThat(isWaitingAt(pi, "Task_AwaitCards")).isTrue();
    confirmAllReceipts(batch);
    assertThat(runtime.getVariable(pi, "cardsAtInstitution")).isEqualTo(4);
    complete(pi, "Task_IssueCards", Map.of("signOffScan",
        Variables.fileValue("签收表.pdf").file(CollectiveTestData.scan()).create()));
    confirmAllReceipts(batch);

    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchCompleted");
    CollectiveBatches.Counts counts = batches.summary(batch).counts();
    assertThat(counts).isEqualTo(new CollectiveBatches.Counts(5, 0, 2, 4, 4, 4, 0));
    assertThat(jdbc.queryForObject("select count(*) from submission where batch_number = ?", Integer.class, batch))
        .isEqualTo(2);
  }

  @Test
  void anIssuingRecordThatNamesUnknownCardsOrLacksTheScanIsRefused() {
    IntakeResult r = upload(CDC, "gov-inst", csv("工作证号", CollectiveTestData.panyu(2)));
    String pi = r.processInstanceId();
    completeAsOpened(pi, "Task_DepartmentReview");
    completeAsOpened(pi, "Task_CardOfficeReview");
    makeCards(pi, r.batchNumber());
    confirmAllReceipts(r.batchNumber());
    assertThatThrownBy(() -> complete(pi, "Task_IssueCards", Map.of("notCollected", "CB0000-9999999")))
        .hasMessageContaining("不是本单位待发放的卡片");
    assertThatThrownBy(() -> completeAsOpened(pi, "Task_IssueCards")).hasMessageContaining("签收表扫描件");
    // every card not collected: nothing to sign, both are recovered up the chain
    complete(pi, "Task_IssueCards", Map.of("notCollected", String.join("\n", numbers(r.batchNumber()))));
    confirmAllReceipts(r.batchNumber());
    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchCompleted");
    assertThat(statuses(r.batchNumber())).containsOnly("RECOVERED");
    assertThat(batches.summary(r.batchNumber()).counts().recovered()).isEqualTo(2);
  }

  @Test
  void aSchoolUploadsItsBatchAndPhotosOnTheTasklistStartForm() throws Exception {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY)
        .latestVersion().singleResult().getId();
    assertThat(forms.getStartFormKey(definition)).isEqualTo("embedded:app:forms/collective-batch-upload.html");
    List<Person> pupils = CollectiveTestData.panyu(3);
    identity.setAuthentication("school", List.of("institution-" + SCHOOL));
    var instance = forms.submitStartForm(definition, Map.of(
        "batchFile", Variables.fileValue("学生名单.csv").file(csv("学籍号", pupils)).create(),
        "photoArchive", Variables.fileValue("照片.zip").file(CollectiveTestData.photos(pupils)).create()));
    identity.clearAuthentication();
    String pi = instance.getId();
    String batch = (String) runtime.getVariable(pi, "batchNumber");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).singleResult().getBusinessKey())
        .isEqualTo(batch);
    assertThat(runtime.getVariable(pi, "channel")).isEqualTo("TASKLIST");
    assertThat(runtime.getVariable(pi, "accepted")).isEqualTo(3);
    assertThat(runtime.getVariable(pi, "batchFile")).isNull();
    assertThat(runtime.getVariable(pi, "photoArchive")).isNull();
    assertThat(jdbc.queryForObject("select process_instance_id from collective_batch where batch_number = ?",
        String.class, batch)).isEqualTo(pi);
    assertThat(jdbc.queryForObject("select count(*) from application where batch_number = ?"
        + " and photo_source = 'UPLOAD'", Integer.class, batch)).isEqualTo(3);
    assertThat(groups(task(pi, "Task_DepartmentReview"))).containsExactly("department-edu");
    // the department's clerk sees the batch (read grant on the instance) and its task
    identity.setAuthentication("edu", List.of("department-edu"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).count()).isEqualTo(1);
    assertThat(tasks.createTaskQuery().processInstanceId(pi).count()).isEqualTo(1);
    identity.clearAuthentication();

    // a file refused whole: no instance, no batch
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY).count();
    identity.setAuthentication("school", List.of("institution-" + SCHOOL));
    assertThatThrownBy(() -> forms.submitStartForm(definition, Map.of("batchFile",
        Variables.fileValue("空.csv").file(csv("学籍号", List.of())).create()))).isInstanceOf(FileRefusedException.class);
    identity.clearAuthentication();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY).count())
        .isEqualTo(before);
  }

  @Test
  void theEmbeddedFormsAreServedAndTheDeployedFormsCarryTheirIds() {
    for (String form : List.of("collective-batch-upload", "collective-batch-correction",
        "collective-ineligible-follow-up", "collective-issuing")) {
      ResponseEntity<String> html = http.getForEntity("/forms/" + form + ".html", String.class);
      assertThat(html.getStatusCode()).as(form).isEqualTo(HttpStatus.OK);
      assertThat(html.getBody()).contains("cam-variable-name");
    }
    for (String form : List.of("collective-department-review", "collective-card-office-review",
        "collective-batch-revise", "collective-ineligible-feedback", "submission-refused")) {
      String deployment = repository.createProcessDefinitionQuery().processDefinitionKey(CollectiveIssuance.PROCESS_KEY)
          .latestVersion().singleResult().getDeploymentId();
      assertThat(repository.getDeploymentResourceNames(deployment)).as(form).anySatisfy(
          name -> assertThat(name).endsWith("/" + form + ".form"));
    }
  }

  IntakeResult upload(String institution, String user, byte[] file) {
    try {
      Path path = Files.write(dir.resolve("batch-" + System.nanoTime() + ".csv"), file);
      return intake.intake(new IntakeRequest(institution, path, "名单.csv", null, null, user, LocalDate.now()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
