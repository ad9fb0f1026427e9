package cn.panyu.card.collective;

/** Ids, messages and variable names of {@code collective-issuance} (processes/collective-issuance.bpmn). */
public final class CollectiveIssuance {

  private CollectiveIssuance() {}

  public static final String PROCESS_KEY = "collective-issuance";

  public static final String ERROR_SUBMISSION_REFUSED = "SUBMISSION_REFUSED";
  /** A file uploaded in Tasklist that cannot be taken in at all: back to the uploader. */
  public static final String ERROR_BATCH_FILE_REFUSED = "BATCH_FILE_REFUSED";

  public static final String CHANNEL_TASKLIST = "TASKLIST";
  public static final String CHANNEL_API = "API";

  /** Variables: identifiers, counts and decisions only; the rows live in the application table. */
  public static final class Var {
    private Var() {}

    public static final String BATCH_NUMBER = "batchNumber";
    public static final String INSTITUTION_CODE = "institutionCode";
    public static final String INSTITUTION_NAME = "institutionName";
    public static final String INSTITUTION_GROUP = "institutionGroup";
    public static final String DEPARTMENT_CODE = "departmentCode";
    public static final String DEPARTMENT_NAME = "departmentName";
    public static final String DEPARTMENT_GROUP = "departmentGroup";
    public static final String CHANNEL = "channel";
    public static final String UPLOADED_BY = "uploadedBy";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String REJECTED_TEXT = "rejectedText";

    // the Tasklist start form and the correction form (files leave the instance once taken in)
    public static final String BATCH_FILE = "batchFile";
    public static final String PHOTO_ARCHIVE = "photoArchive";
    public static final String FILE_PASSWORD = "filePassword";
    public static final String FILE_REFUSED_REASON = "fileRefusedReason";
    public static final String CORRECTION_ACTION = "correctionAction";
    public static final String CORRECTED_FILE = "correctedFile";

    public static final String DEPARTMENT_DECISION = "departmentDecision";
    public static final String CARD_OFFICE_DECISION = "cardOfficeDecision";
    public static final String RETURN_REASON = "returnReason";
    public static final String REVISE_ACTION = "reviseAction";

    public static final String SUBMISSION_IDS = "submissionIds";
    public static final String SUBMISSION_ID = "submissionId";
    public static final String ALL_RESULTS_IN = "allResultsIn";
    public static final String REFUSAL_REASON = "refusalReason";

    public static final String MADE_COUNT = "madeCount";
    public static final String SHIPMENT_ID = "shipmentId";
    public static final String INELIGIBLE_COUNT = "ineligibleCount";
    public static final String FEEDBACK_ID = "feedbackId";
    public static final String PENDING_COUNT = "pendingCount";
    /** the list a follow-up answers: handed from the feedback's end to its task and from the task to its step */
    public static final String FOLLOW_UP_FEEDBACK_ID = "followUpFeedbackId";
    public static final String WITHDRAW_NUMBERS = "withdrawNumbers";
    public static final String CORRECTION_PHOTOS = "correctionPhotos";
    public static final String RESUBMIT_COUNT = "resubmitCount";

    // the issuing of one round (local to its sub-process)
    public static final String NOT_COLLECTED = "notCollected";
    public static final String DATA_ERROR_NUMBERS = "dataErrorNumbers";
    public static final String SIGN_OFF_SCAN = "signOffScan";
    public static final String REMAINING_COUNT = "remainingCount";
    public static final String DATA_ERROR_COUNT = "dataErrorCount";
    public static final String SHEETS_SHIPMENT_ID = "sheetsShipmentId";
    public static final String CARD_DATA_CORRECTIONS = "cardDataCorrections";
    /** the lines a correction form listed, as they were (local to its sub-process, as the form's own edit) */
    public static final String CARD_DATA_LISTED = "cardDataListed";
  }

  /** Values of the decision variables (the forms' normal case first). */
  public static final String APPROVE = "APPROVE";
  public static final String RETURN = "RETURN";
  public static final String RESUBMIT = "RESUBMIT";
  public static final String SKIP = "SKIP";
  public static final String WITHDRAW = "WITHDRAW";
}
