package cn.panyu.card.collective;

import static cn.panyu.card.engine.ProcessVariable.listOf;
import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;
import java.util.List;
import org.camunda.bpm.engine.variable.value.FileValue;

/** Ids, messages and typed variables of {@code collective-issuance} (processes/collective-issuance.bpmn). */
public final class CollectiveIssuance {

  private CollectiveIssuance() {}

  public static final String PROCESS_KEY = "collective-issuance";

  public static final String ERROR_SUBMISSION_REFUSED = "SUBMISSION_REFUSED";
  /** A file uploaded in Tasklist that cannot be taken in at all: back to the uploader. */
  public static final String ERROR_BATCH_FILE_REFUSED = "BATCH_FILE_REFUSED";

  public static final String CHANNEL_TASKLIST = "TASKLIST";
  public static final String CHANNEL_API = "API";

  // Variables: identifiers, counts and decisions only; the rows live in the application table.
  public static final ProcessVariable<String> BATCH_NUMBER = of("batchNumber", String.class);
  public static final ProcessVariable<String> INSTITUTION_CODE = of("institutionCode", String.class);
  public static final ProcessVariable<String> INSTITUTION_NAME = of("institutionName", String.class);
  public static final ProcessVariable<String> INSTITUTION_GROUP = of("institutionGroup", String.class);
  public static final ProcessVariable<String> DEPARTMENT_CODE = of("departmentCode", String.class);
  public static final ProcessVariable<String> DEPARTMENT_NAME = of("departmentName", String.class);
  public static final ProcessVariable<String> DEPARTMENT_GROUP = of("departmentGroup", String.class);
  public static final ProcessVariable<String> CHANNEL = of("channel", String.class);
  public static final ProcessVariable<String> UPLOADED_BY = of("uploadedBy", String.class);
  public static final ProcessVariable<Integer> ACCEPTED = of("accepted", Integer.class);
  public static final ProcessVariable<Integer> REJECTED = of("rejected", Integer.class);
  public static final ProcessVariable<String> REJECTED_TEXT = of("rejectedText", String.class);

  // the Tasklist start form and the correction form (files leave the instance once taken in)
  public static final ProcessVariable<FileValue> BATCH_FILE = of("batchFile", FileValue.class);
  public static final ProcessVariable<FileValue> PHOTO_ARCHIVE = of("photoArchive", FileValue.class);
  public static final ProcessVariable<String> FILE_PASSWORD = of("filePassword", String.class);
  public static final ProcessVariable<String> FILE_REFUSED_REASON = of("fileRefusedReason", String.class);
  public static final ProcessVariable<String> CORRECTION_ACTION = of("correctionAction", String.class);
  public static final ProcessVariable<FileValue> CORRECTED_FILE = of("correctedFile", FileValue.class);

  public static final ProcessVariable<String> DEPARTMENT_DECISION = of("departmentDecision", String.class);
  public static final ProcessVariable<String> CARD_OFFICE_DECISION = of("cardOfficeDecision", String.class);
  public static final ProcessVariable<String> RETURN_REASON = of("returnReason", String.class);
  public static final ProcessVariable<String> REVISE_ACTION = of("reviseAction", String.class);

  public static final ProcessVariable<List<String>> SUBMISSION_IDS = listOf("submissionIds", String.class);
  public static final ProcessVariable<String> SUBMISSION_ID = of("submissionId", String.class);
  public static final ProcessVariable<Boolean> ALL_RESULTS_IN = of("allResultsIn", Boolean.class);
  public static final ProcessVariable<String> REFUSAL_REASON = of("refusalReason", String.class);

  public static final ProcessVariable<Integer> MADE_COUNT = of("madeCount", Integer.class);
  public static final ProcessVariable<String> SHIPMENT_ID = of("shipmentId", String.class);
  public static final ProcessVariable<Integer> INELIGIBLE_COUNT = of("ineligibleCount", Integer.class);
  public static final ProcessVariable<String> FEEDBACK_ID = of("feedbackId", String.class);
  public static final ProcessVariable<Integer> PENDING_COUNT = of("pendingCount", Integer.class);
  /** the list a follow-up answers: handed from the feedback's end to its task and from the task to its step */
  public static final ProcessVariable<String> FOLLOW_UP_FEEDBACK_ID = of("followUpFeedbackId", String.class);
  public static final ProcessVariable<String> WITHDRAW_NUMBERS = of("withdrawNumbers", String.class);
  public static final ProcessVariable<FileValue> CORRECTION_PHOTOS = of("correctionPhotos", FileValue.class);
  public static final ProcessVariable<Integer> RESUBMIT_COUNT = of("resubmitCount", Integer.class);

  // the issuing of one round (local to its sub-process)
  public static final ProcessVariable<String> NOT_COLLECTED = of("notCollected", String.class);
  public static final ProcessVariable<String> DATA_ERROR_NUMBERS = of("dataErrorNumbers", String.class);
  public static final ProcessVariable<FileValue> SIGN_OFF_SCAN = of("signOffScan", FileValue.class);
  public static final ProcessVariable<Integer> REMAINING_COUNT = of("remainingCount", Integer.class);
  public static final ProcessVariable<Integer> DATA_ERROR_COUNT = of("dataErrorCount", Integer.class);
  public static final ProcessVariable<String> SHEETS_SHIPMENT_ID = of("sheetsShipmentId", String.class);
  public static final ProcessVariable<String> CARD_DATA_CORRECTIONS = of("cardDataCorrections", String.class);
  /** the lines a correction form listed, as they were (local to its sub-process, as the form's own edit) */
  public static final ProcessVariable<String> CARD_DATA_LISTED = of("cardDataListed", String.class);

  /** Values of the decision variables (the forms' normal case first). */
  public static final String APPROVE = "APPROVE";
  public static final String RETURN = "RETURN";
  public static final String RESUBMIT = "RESUBMIT";
  public static final String SKIP = "SKIP";
  public static final String WITHDRAW = "WITHDRAW";
}
