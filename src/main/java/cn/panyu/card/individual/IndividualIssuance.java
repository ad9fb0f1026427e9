package cn.panyu.card.individual;

/** Ids, messages and variable names of {@code individual-issuance} and {@code town-submission}. */
public final class IndividualIssuance {

  private IndividualIssuance() {}

  public static final String PROCESS_KEY = "individual-issuance";
  public static final String SUBMISSION_PROCESS_KEY = "town-submission";

  /** values of followUpAction */
  public static final String CORRECT = "CORRECT";
  public static final String WITHDRAW = "WITHDRAW";

  public static final String CHANNEL_TASKLIST = "TASKLIST";
  public static final String CHANNEL_API = "API";

  /** Variables: identifiers and decisions only; the applicant's data lives in the application table. */
  public static final class Var {
    private Var() {}

    public static final String APPLICATION_NUMBER = "applicationNumber";
    public static final String CHANNEL = "channel";
    public static final String REGISTERED_BY = "registeredBy";
    public static final String VILLAGE_CODE = "villageCode";
    public static final String VILLAGE_GROUP = "villageGroup";
    public static final String TOWN_CODE = "townCode";
    public static final String TOWN_GROUP = "townGroup";
    public static final String TOWN_NAME = "townName";
    public static final String APPLICANT_NAME = "applicantName";
    public static final String INTAKE_VALID = "intakeValid";
    public static final String INTAKE_ERRORS_TEXT = "intakeErrorsText";
    public static final String CARD_OUTCOME = "cardOutcome";
    public static final String CARD_NUMBER = "cardNumber";
    public static final String INELIGIBLE_REASON = "ineligibleReason";
    public static final String INELIGIBLE_REASON_TEXT = "ineligibleReasonText";
    public static final String INELIGIBLE_ADVICE = "ineligibleAdvice";
    public static final String FOLLOW_UP_ACTION = "followUpAction";
    public static final String COLLECTION_OUTCOME = "collectionOutcome";
    public static final String DATA_ERROR_NOTE = "dataErrorNote";
    public static final String REGISTRATION_SCAN = "registrationScan";
    public static final String PHOTO_FILE = "photoFile";

    public static final String SUBMISSION_ID = "submissionId";
    public static final String REVIEW_DECISION = "reviewDecision";
    public static final String CORRECTION_ACTION = "correctionAction";
    public static final String APPLICATION_COUNT = "applicationCount";
    public static final String ALL_RESULTS_IN = "allResultsIn";
    public static final String REFUSAL_REASON = "refusalReason";
    public static final String STARTED_BY = "startedBy";
    public static final String MADE_COUNT = "madeCount";
    public static final String SHIPMENT_ID = "shipmentId";
    public static final String INELIGIBLE_COUNT = "ineligibleCount";
    public static final String FEEDBACK_ID = "feedbackId";
    public static final String INELIGIBLE_REMEDY = "ineligibleRemedy";
    public static final String REGISTERED = "registered";
    /** the business key of the recovery box the card went back in (its card-shipment instance in Cockpit) */
    public static final String RECOVERY_BOX = "recoveryBox";

    /** The registration form's fields: personal data, removed from the instance once stored. */
    public static final String[] APPLICANT_FIELDS = {"name", "gender", "idNumber", "phone", "bank", "residency",
        "workId", "enterpriseEmployee", "holdsGuangzhouIdCard", "photoSource", "studioReceipt", "remarks"};
  }
}
