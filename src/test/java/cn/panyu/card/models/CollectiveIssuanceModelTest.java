package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code collective-issuance}: an institution's batch from intake through the reviews, the submission in parts,
 * then the two ways of a round (the cards: {@code card-shipment}, stubbed, then issuing over several days; the
 * ineligible list: {@code ineligible-feedback}, stubbed, then the institution's follow-up), and the rounds that
 * start again (records still pending, corrected card data, corrected ineligible records).
 */
@Deployment(resources = {"processes/collective-issuance.bpmn", "models/stubs/card-shipment.bpmn",
    "models/stubs/ineligible-feedback.bpmn"})
class CollectiveIssuanceModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0, "card-shipment", "ineligible-feedback");

  static final String KEY = "collective-issuance";
  static final String BATCH = "B-panyu-cdc-001";
  static final String INSTITUTION = "institution-panyu-cdc";
  static final String DEPARTMENT = "department-health";
  static final String OFFICE = "district-card-office";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("takeInUploadedBatch", "receiveCollectiveBatch", "reintakeCorrections", "requireReturnReason",
        "withdrawBatch",
        "prepareBatchSubmissions", "submitBatchPart", "releaseBatchPart", "pollBatchPartResults",
        "collectBatchResults", "boxUncollectedCards", "recordBatchIssuing", "checkBatchCardData",
        "reportWrongBatchCards", "applyBatchCardDataCorrection", "applyIneligibleFollowUp");
  }

  /** The batch file as the intake over the API found it (stored before the instance starts). */
  ProcessInstance upload(int accepted, int rejected) {
    stub("receiveCollectiveBatch").answers(set("institutionGroup", INSTITUTION, "departmentGroup", DEPARTMENT));
    return start(KEY, BATCH, "batchNumber", BATCH, "institutionCode", "panyu-cdc", "accepted", accepted,
        "rejected", rejected);
  }

  /** What the upload's job does with a file that cannot be taken in at all. */
  static StubDelegate.Answer fileRefused(String reason) {
    return scope -> {
      scope.setVariable("accepted", 0);
      scope.setVariable("rejected", 0);
      throw new BpmnError("BATCH_FILE_REFUSED", reason);
    };
  }

  /**
   * Accepted and approved by the department and the card office: the first round's parts are being submitted (a
   * later round, if any, submits one part, P-NEXT).
   */
  ProcessInstance approved(String... parts) {
    stub("prepareBatchSubmissions").answers(set("submissionIds", List.of(parts)),
        set("submissionIds", List.of("P-NEXT")));
    ProcessInstance pi = upload(6, 0);
    complete(task(pi));
    complete(task(pi));
    assertThat(pi).isWaitingAt("Task_SubmitPart");
    return pi;
  }

  List<Job> jobsAt(ProcessInstance pi, String activityId) {
    return jobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
  }

  /** Each part is sent; the City Card Centre answers every part at the first poll. */
  void submitAndPollAllParts(ProcessInstance pi) {
    stub("pollBatchPartResults").answers(StubDelegate.setLocal("allResultsIn", true));
    jobsAt(pi, "Task_SubmitPart").forEach(j -> execute(j));
    jobsAt(pi, "Timer_PollResults").forEach(j -> execute(j));
    jobsAt(pi, "Task_PollResults").forEach(j -> execute(j));
  }

  /** The first round's results: made cards, ineligible records, records still to submit. */
  ProcessInstance firstRoundResults(int made, int ineligible, int pending) {
    stub("collectBatchResults").answers(set("madeCount", made, "shipmentId", made > 0 ? "SHIP-1" : null,
        "ineligibleCount", ineligible, "feedbackId", ineligible > 0 ? "FB-1" : null, "pendingCount", pending));
    ProcessInstance pi = approved("P-1");
    submitAndPollAllParts(pi);
    assertThat(pi).hasPassed("Task_CollectResults");
    return pi;
  }

  Task taskAt(ProcessInstance pi, String taskDefinitionKey) {
    return taskQuery().processInstanceId(pi.getId()).taskDefinitionKey(taskDefinitionKey).singleResult();
  }

  // ------------------------------------------------------------------------------------------ intake, review

  @Test
  void aBatchWithoutOneValidRecordEndsAtIntake() {
    ProcessInstance pi = upload(0, 0);

    assertThat(pi).isEnded().hasPassed("Task_ReceiveBatch", "EndEvent_IntakeDone").hasNotPassed("SubProcess_Review");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingAccepted");
  }

  @Test
  void aFileUploadedInTasklistIsTakenInByAJobAndARefusedFileGoesBackToTheUploader() {
    stub("takeInUploadedBatch").answers(fileRefused("文件只有表头，没有申请人数据"),
        set("batchNumber", BATCH, "accepted", 3, "rejected", 0));
    stub("receiveCollectiveBatch").answers(set("institutionGroup", INSTITUTION, "departmentGroup", DEPARTMENT));
    ProcessInstance pi = start(KEY, null, "uploadedBy", "school");

    // the uploader's request ends at the job: the file is read after it
    assertThat(pi).isWaitingAt("Task_TakeInUpload");
    assertThat(stub("takeInUploadedBatch").calls()).isEmpty();
    execute(job("Task_TakeInUpload", pi));
    assertThat(pi).isWaitingAtExactly("SubProcess_Intake", "Task_ReuploadBatch")
        .variables().containsEntry("fileRefusedReason", "文件只有表头，没有申请人数据");
    assertThat(task(pi)).isAssignedTo("school").hasFormKey("embedded:app:forms/collective-batch-reupload.html")
        .hasDueDate(deadlines.dueDate("BATCH_CORRECTION", "COLLECTIVE"));
    complete(task(pi), withVariables("reuploadAction", "REUPLOAD"));
    execute(job("Task_TakeInUpload", pi));

    assertThat(pi).hasPassed("Gateway_BatchStored", "Task_ReceiveBatch")
        .isWaitingAtExactly("SubProcess_Review", "Task_DepartmentReview");
  }

  @Test
  void theUploaderMayGiveUpARefusedFile() {
    stub("takeInUploadedBatch").answers(fileRefused("文件过大"));
    ProcessInstance pi = start(KEY, null, "uploadedBy", "school");
    execute(job("Task_TakeInUpload", pi));
    complete(task(pi), withVariables("reuploadAction", "ABANDON"));

    assertThat(pi).isEnded().hasPassed("EndEvent_UploadAbandoned").hasNotPassed("Task_ReceiveBatch");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingAccepted");
  }

  @Test
  void rejectedRowsGoBackToTheInstitutionAndTheCorrectionsJoinTheSameBatch() {
    stub("reintakeCorrections").answers(set("rejected", 1), set("rejected", 0));
    ProcessInstance pi = upload(4, 2);

    assertThat(pi).isWaitingAtExactly("SubProcess_Intake", "Task_CorrectRejectedRows");
    assertThat(task(pi)).hasCandidateGroup(INSTITUTION)
        .hasFormKey("embedded:app:forms/collective-batch-correction.html")
        .hasDueDate(deadlines.dueDate("BATCH_CORRECTION", "COLLECTIVE"));
    complete(task(pi));
    // one row is still wrong: back to the institution
    assertThat(pi).isWaitingAt("Task_CorrectRejectedRows");
    complete(task(pi));

    assertThat(stub("reintakeCorrections").calls()).hasSize(2);
    assertThat(pi).hasPassed("EndEvent_IntakeDone").isWaitingAtExactly("SubProcess_Review", "Task_DepartmentReview");
  }

  @Test
  void theDepartmentAndTheCardOfficeMayReturnTheBatchUntilBothApprove() {
    stub("prepareBatchSubmissions").answers(set("submissionIds", List.of("P-1")));
    ProcessInstance pi = upload(6, 0);

    assertThat(task(pi)).hasDefinitionKey("Task_DepartmentReview").hasCandidateGroup(DEPARTMENT)
        .hasDueDate(deadlines.dueDate("DEPARTMENT_REVIEW", "COLLECTIVE"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "departmentDecision")).isEqualTo("APPROVE");
    complete(task(pi), withVariables("departmentDecision", "RETURN", "returnReason", "photos missing"));

    assertThat(task(pi)).hasDefinitionKey("Task_ReviseBatch").hasCandidateGroup(INSTITUTION)
        .hasDueDate(deadlines.dueDate("BATCH_CORRECTION", "COLLECTIVE"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "reviseAction")).isEqualTo("RESUBMIT");
    complete(task(pi));

    assertThat(task(pi)).hasDefinitionKey("Task_DepartmentReview");
    complete(task(pi));
    assertThat(task(pi)).hasDefinitionKey("Task_CardOfficeReview").hasCandidateGroup(OFFICE)
        .hasDueDate(deadlines.dueDate("CARD_OFFICE_REVIEW", "COLLECTIVE"));
    complete(task(pi), withVariables("cardOfficeDecision", "RETURN", "returnReason", "count differs"));

    assertThat(task(pi)).hasDefinitionKey("Task_DepartmentReview");
    complete(task(pi));
    complete(task(pi));

    assertThat(pi).hasPassed("EndEvent_Approved").isWaitingAt("Task_SubmitPart");
    assertThat(timesPassed(pi, "Task_DepartmentReview")).isEqualTo(3);
    assertThat(timesPassed(pi, "Task_CardOfficeReview")).isEqualTo(2);
    assertThat(stub("requireReturnReason").calls()).containsExactly("Task_DepartmentReview",
        "Task_DepartmentReview", "Task_CardOfficeReview", "Task_DepartmentReview", "Task_CardOfficeReview");
  }

  /** The institution withdraws a returned batch: the review ends with the error "batch withdrawn", so does the batch. */
  @Test
  void aWithdrawnBatchEnds() {
    ProcessInstance pi = upload(6, 0);
    complete(task(pi), withVariables("departmentDecision", "RETURN", "returnReason", "wrong institution"));
    complete(task(pi), withVariables("reviseAction", "WITHDRAW"));

    assertThat(pi).isEnded().hasPassedInOrder("Task_WithdrawBatch", "EndEvent_BatchWithdrawnError",
        "Boundary_BatchWithdrawn").hasNotPassed("SubProcess_Submission");
    assertThat(stub("withdrawBatch").calls()).containsExactly("Task_WithdrawBatch");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_BatchWithdrawn");
  }

  // ------------------------------------------------------------------------------------------ submission

  @Test
  void thePartsAreSubmittedInParallelARefusedPartIsReleasedAndAMissingResultPolledAgain() {
    stub("submitBatchPart").answers(scope -> {
      if ("P-2".equals(scope.getVariable("submissionId"))) {
        throw new BpmnError("SUBMISSION_REFUSED", "P-2 malformed");
      }
    });
    stub("pollBatchPartResults").answers(StubDelegate.setLocal("allResultsIn", false),
        StubDelegate.setLocal("allResultsIn", true));
    stub("collectBatchResults").answers(set("madeCount", 0, "ineligibleCount", 0, "pendingCount", 0));
    ProcessInstance pi = approved("P-1", "P-2");
    assertThat(jobsAt(pi, "Task_SubmitPart")).hasSize(2);

    jobsAt(pi, "Task_SubmitPart").forEach(j -> execute(j));

    Task refusal = taskAt(pi, "Task_HandleRefusal");
    assertThat(refusal).hasCandidateGroup(OFFICE).hasDueDate(deadlines.dueDate("SUBMISSION_REFUSED", "COLLECTIVE"));
    assertThat(runtimeService().getVariable(refusal.getExecutionId(), "refusalReason")).isEqualTo("P-2 malformed");
    complete(refusal);
    assertThat(pi).hasPassed("Task_ReleasePart", "EndEvent_PartReleased").isWaitingAt("Timer_PollResults");

    execute(job("Timer_PollResults", pi));
    execute(job("Task_PollResults", pi));
    // P-1's results are not all in: it waits for the next poll
    assertThat(pi).isWaitingAt("Timer_PollResults").hasNotPassed("Task_CollectResults");
    execute(job("Timer_PollResults", pi));
    execute(job("Task_PollResults", pi));

    assertThat(pi).isEnded().hasPassed("EndEvent_PartCompleted", "Task_CollectResults");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_NothingLeft");
    assertThat(stub("releaseBatchPart").calls()).containsExactly("Task_ReleasePart");
  }

  @Test
  void aRoundsResultsGoThreeWaysAtOnceCardsIneligibleListAndPendingRecords() {
    ProcessInstance pi = firstRoundResults(5, 1, 2);

    // the cards: the round's shipment, then the institution issues them
    HistoricProcessInstance shipment = called(pi, "card-shipment").get(0);
    assertThat(shipment.getBusinessKey()).isEqualTo(BATCH);
    assertThat(variablesOf(shipment)).containsEntry("shipmentId", "SHIP-1");
    Task issue = taskAt(pi, "Task_IssueCards");
    assertThat(issue).hasCandidateGroup(INSTITUTION).hasFormKey("embedded:app:forms/collective-issuing.html")
        .hasDueDate(deadlines.escalationDate("COLLECTION", "COLLECTIVE"));
    assertThat(issue.getFollowUpDate()).isEqualTo(deadlines.escalationDate("ISSUING_OVERDUE", "COLLECTIVE"));
    assertThat(runtimeService().getVariable(issue.getExecutionId(), "cardsText")).isEqualTo("cards of SHIP-1");
    assertThat(runtimeService().getVariable(issue.getExecutionId(), "cardsAtInstitution")).isEqualTo(3);
    assertThat(job("Timer_IssuingDeadline", pi).getDuedate()).isEqualTo(deadlines.escalationDate("COLLECTION",
        "COLLECTIVE"));

    // the ineligible list: down the chain, then the institution's follow-up
    HistoricProcessInstance feedback = called(pi, "ineligible-feedback").get(0);
    assertThat(feedback.getBusinessKey()).isEqualTo(BATCH);
    assertThat(variablesOf(feedback)).containsEntry("feedbackId", "FB-1");
    Task followUp = taskAt(pi, "Task_InstitutionFollowUp");
    assertThat(followUp).hasCandidateGroup(INSTITUTION)
        .hasFormKey("embedded:app:forms/collective-ineligible-follow-up.html")
        .hasDueDate(deadlines.dueDate("APPLICANT_FOLLOW_UP", "COLLECTIVE"));
    assertThat(runtimeService().getVariable(followUp.getExecutionId(), "ineligibleText"))
        .isEqualTo("ineligible rows of " + BATCH + " in FB-1");
    assertThat(runtimeService().getVariable(followUp.getExecutionId(), "withdrawNumbers"))
        .isEqualTo("withdrawals of " + BATCH + " in FB-1");

    // the pending records: a new round of submission, not waiting for the other two
    assertThat(stub("prepareBatchSubmissions").calls()).hasSize(2);
    assertThat(jobsAt(pi, "Task_SubmitPart")).singleElement()
        .satisfies(j -> assertThat(runtimeService().getVariable(j.getExecutionId(), "submissionId"))
            .isEqualTo("P-NEXT"));
  }

  // ------------------------------------------------------------------------------------------ issuing

  /** The first round made five cards and nothing else; they reached the institution. */
  ProcessInstance cardsAtTheInstitution() {
    ProcessInstance pi = firstRoundResults(5, 0, 0);
    assertThat(pi).isWaitingAt("Task_IssueCards").isNotWaitingAt("Task_InstitutionFollowUp");
    return pi;
  }

  @Test
  void theInstitutionIssuesOverSeveralDaysSendingEachDaysSheetsUpAtOnce() {
    List<String> sheets = new ArrayList<>();
    stub("recordBatchIssuing").answers(
        set("remainingCount", 3, "dataErrorCount", 0, "sheetsShipmentId", "SHEETS-1"),
        set("remainingCount", 0, "dataErrorCount", 0, "sheetsShipmentId", "SHEETS-2"));
    ProcessInstance pi = cardsAtTheInstitution();

    complete(taskAt(pi, "Task_IssueCards"));
    // the day's sheets go up; the rest of the cards wait for the next issuing
    assertThat(pi).isWaitingAt("Task_IssueCards").isNotEnded();
    complete(taskAt(pi, "Task_IssueCards"));

    called(pi, "card-shipment").forEach(s -> sheets.add((String) variablesOf(s).get("shipmentId")));
    assertThat(sheets).containsExactly("SHIP-1", "SHEETS-1", "SHEETS-2");
    assertThat(pi).isEnded().hasPassed("EndEvent_SheetsReturned").hasNotPassed("EndEvent_AllIssued",
        "Task_CorrectCardData", "Task_BoxUncollected");
    assertThat(timesPassed(pi, "Task_IssueCards")).isEqualTo(2);
    assertThat(endedAt(pi)).isEqualTo("EndEvent_RoundIssued");
  }

  @Test
  void aRecordWithNothingToSendOrCorrectEndsTheRound() {
    stub("recordBatchIssuing").answers(set("remainingCount", 0, "dataErrorCount", 0, "sheetsShipmentId", null));
    ProcessInstance pi = cardsAtTheInstitution();
    complete(taskAt(pi, "Task_IssueCards"));

    assertThat(pi).isEnded().hasPassed("EndEvent_AllIssued").hasNotPassed("CallActivity_ReturnSheets");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_RoundIssued");
  }

  @Test
  void wrongCardDataAreCorrectedAndTheirRecordsSubmittedAgainWhileIssuingGoesOn() {
    stub("recordBatchIssuing").answers(set("remainingCount", 2, "dataErrorCount", 1, "sheetsShipmentId", "SHEETS-1",
        "cardDataCorrections", "A-0003"));
    ProcessInstance pi = cardsAtTheInstitution();
    complete(taskAt(pi, "Task_IssueCards"));

    Task correct = taskAt(pi, "Task_CorrectCardData");
    assertThat(correct).hasCandidateGroup(INSTITUTION).hasFormKey("embedded:app:forms/collective-card-data.html")
        .hasDueDate(deadlines.dueDate("CARD_DATA_CORRECTION", "COLLECTIVE"));
    assertThat(runtimeService().getVariable(correct.getExecutionId(), "cardDataListed")).isEqualTo("A-0003");
    assertThat(pi).isWaitingAt("Task_IssueCards", "Task_CorrectCardData");
    complete(correct);
    assertThat(stub("checkBatchCardData").calls()).containsExactly("Task_CorrectCardData");

    // the wrong cards are reported to the City Card Centre first, in a job of their own
    assertThat(pi).isWaitingAt("Task_ReportWrongCards").hasNotPassed("Task_ApplyCardDataCorrection");
    execute(job("Task_ReportWrongCards", pi));

    assertThat(pi).hasPassedInOrder("Task_CorrectCardData", "Task_ReportWrongCards", "Task_ApplyCardDataCorrection",
            "EndEvent_CardDataApplied")
        .hasPassed("Event_Resubmit", "EndEvent_CardDataCorrected", "Boundary_Resubmit")
        // the corrected records go in a new submission; the institution still issues the rest
        .isWaitingAt("Task_IssueCards", "Task_SubmitPart");
    assertThat(stub("prepareBatchSubmissions").calls()).hasSize(2);
  }

  @Test
  void cardsUncollectedAtTheDeadlineGoIntoTheInstitutionsRecoveryBox() {
    ProcessInstance pi = cardsAtTheInstitution();

    execute(job("Timer_IssuingDeadline", pi));

    assertThat(pi).isEnded().hasPassedInOrder("Timer_IssuingDeadline", "Task_BoxUncollected",
        "EndEvent_UncollectedReturned").hasNotPassed("Task_RecordIssuing");
    assertThat(stub("boxUncollectedCards").calls()).containsExactly("Task_BoxUncollected");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_RoundIssued");
  }

  // ------------------------------------------------------------------------------------------ ineligible

  @Test
  void ineligibleRecordsCorrectedBecomeANewSubmission() {
    stub("applyIneligibleFollowUp").answers(set("resubmitCount", 1));
    ProcessInstance pi = firstRoundResults(0, 2, 0);
    complete(taskAt(pi, "Task_InstitutionFollowUp"));

    assertThat(pi).hasPassed("Task_ApplyFollowUp").hasNotPassed("EndEvent_IneligibleSettled")
        .isWaitingAt("Task_SubmitPart");
    assertThat(stub("prepareBatchSubmissions").calls()).hasSize(2);
  }

  @Test
  void ineligibleRecordsAllWithdrawnSettleTheList() {
    stub("applyIneligibleFollowUp").answers(set("resubmitCount", 0));
    ProcessInstance pi = firstRoundResults(0, 2, 0);
    assertThat(pi).isNotWaitingAt("Task_IssueCards");
    complete(taskAt(pi, "Task_InstitutionFollowUp"), withVariables("withdrawNumbers", "A-0001\nA-0002"));

    assertThat(pi).isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_IneligibleSettled");
    assertThat(runtimeService().createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
  }
}
