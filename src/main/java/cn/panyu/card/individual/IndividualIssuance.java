package cn.panyu.card.individual;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.application.CardResultMessage;
import cn.panyu.card.engine.ProcessVariable;
import org.camunda.bpm.engine.variable.value.FileValue;

/** Ids, messages and typed variables of {@code individual-issuance} and {@code town-submission}. */
public final class IndividualIssuance {

  private IndividualIssuance() {}

  public static final String PROCESS_KEY = "individual-issuance";
  public static final String SUBMISSION_PROCESS_KEY = "town-submission";

  /** values of followUpAction */
  public static final String CORRECT = "CORRECT";
  public static final String WITHDRAW = "WITHDRAW";

  public static final String CHANNEL_TASKLIST = "TASKLIST";
  public static final String CHANNEL_API = "API";

  // Variables: identifiers and decisions only; the applicant's data lives in the application table.
  public static final ProcessVariable<String> APPLICATION_NUMBER = of("applicationNumber", String.class);
  public static final ProcessVariable<String> CHANNEL = of("channel", String.class);
  public static final ProcessVariable<String> REGISTERED_BY = of("registeredBy", String.class);
  public static final ProcessVariable<String> VILLAGE_CODE = of("villageCode", String.class);
  public static final ProcessVariable<String> VILLAGE_GROUP = of("villageGroup", String.class);
  public static final ProcessVariable<String> TOWN_CODE = of("townCode", String.class);
  public static final ProcessVariable<String> TOWN_GROUP = of("townGroup", String.class);
  public static final ProcessVariable<String> TOWN_NAME = of("townName", String.class);
  public static final ProcessVariable<String> APPLICANT_NAME = of("applicantName", String.class);
  public static final ProcessVariable<Boolean> INTAKE_VALID = of("intakeValid", Boolean.class);
  public static final ProcessVariable<String> INTAKE_ERRORS_TEXT = of("intakeErrorsText", String.class);
  public static final ProcessVariable<String> CARD_OUTCOME = CardResultMessage.CARD_OUTCOME;
  public static final ProcessVariable<String> CARD_NUMBER = CardResultMessage.CARD_NUMBER;
  public static final ProcessVariable<String> INELIGIBLE_REASON = CardResultMessage.INELIGIBLE_REASON;
  public static final ProcessVariable<String> INELIGIBLE_REASON_TEXT = CardResultMessage.INELIGIBLE_REASON_TEXT;
  public static final ProcessVariable<String> INELIGIBLE_ADVICE = CardResultMessage.INELIGIBLE_ADVICE;
  public static final ProcessVariable<String> FOLLOW_UP_ACTION = of("followUpAction", String.class);
  public static final ProcessVariable<String> COLLECTION_OUTCOME = of("collectionOutcome", String.class);
  public static final ProcessVariable<String> DATA_ERROR_NOTE = of("dataErrorNote", String.class);
  public static final ProcessVariable<FileValue> REGISTRATION_SCAN = of("registrationScan", FileValue.class);
  public static final ProcessVariable<FileValue> PHOTO_FILE = of("photoFile", FileValue.class);

  public static final ProcessVariable<String> SUBMISSION_ID = CardResultMessage.SUBMISSION_ID;
  public static final ProcessVariable<String> REVIEW_DECISION = of("reviewDecision", String.class);
  public static final ProcessVariable<String> CORRECTION_ACTION = of("correctionAction", String.class);
  public static final ProcessVariable<Integer> APPLICATION_COUNT = of("applicationCount", Integer.class);
  public static final ProcessVariable<Boolean> ALL_RESULTS_IN = of("allResultsIn", Boolean.class);
  public static final ProcessVariable<String> REFUSAL_REASON = of("refusalReason", String.class);
  public static final ProcessVariable<String> STARTED_BY = of("startedBy", String.class);
  public static final ProcessVariable<Integer> MADE_COUNT = of("madeCount", Integer.class);
  public static final ProcessVariable<String> SHIPMENT_ID = of("shipmentId", String.class);
  public static final ProcessVariable<Integer> INELIGIBLE_COUNT = of("ineligibleCount", Integer.class);
  public static final ProcessVariable<String> FEEDBACK_ID = of("feedbackId", String.class);
  public static final ProcessVariable<String> INELIGIBLE_REMEDY = CardResultMessage.INELIGIBLE_REMEDY;
  public static final ProcessVariable<Boolean> REGISTERED = of("registered", Boolean.class);
  /** the business key of the recovery box the card went back in (its card-shipment instance in Cockpit) */
  public static final ProcessVariable<String> RECOVERY_BOX = of("recoveryBox", String.class);
  /** the reminder's kind, an input of the notifying task (card-replacement's reminder uses the same delegate) */
  public static final ProcessVariable<String> NOTIFICATION_KIND = of("notificationKind", String.class);

  /** The registration form's fields: personal data, removed from the instance once stored. */
  public static final String[] APPLICANT_FIELDS = {"name", "gender", "idNumber", "phone", "bank", "residency",
      "workId", "enterpriseEmployee", "holdsGuangzhouIdCard", "photoSource", "studioReceipt", "remarks"};
}
