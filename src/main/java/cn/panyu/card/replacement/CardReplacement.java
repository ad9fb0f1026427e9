package cn.panyu.card.replacement;

/** Ids, messages and variable names of {@code card-replacement}. */
public final class CardReplacement {

  private CardReplacement() {}

  public static final String PROCESS_KEY = "card-replacement";
  public static final String FEE_DECISION = "replacement-fee";

  public static final String PAID = "PAID";
  public static final String NOT_PAID = "NOT_PAID";
  public static final String FREE = "FREE";

  /** Variables: identifiers and decisions; the holder's data stay in the application table. */
  public static final class Var {
    private Var() {}

    public static final String ID_NUMBER = "idNumber";
    public static final String REASON = "reason";
    public static final String FIRST_CARD = "firstCard";
    public static final String STARTED_BY = "startedBy";
    public static final String REPLACEMENT_NUMBER = "replacementNumber";
    public static final String APPLICATION_NUMBER = "applicationNumber";
    public static final String OLD_CARD_NUMBER = "oldCardNumber";
    public static final String HOLDER_NAME = "holderName";
    public static final String TOWN_CODE = "townCode";
    public static final String TOWN_GROUP = "townGroup";
    public static final String FEE = "fee";
    public static final String PAYMENT = "payment";
    public static final String RECEIPT_NUMBER = "receiptNumber";
    public static final String SUBMISSION_ID = "submissionId";
    public static final String CARD_OUTCOME = "cardOutcome";
    public static final String CARD_NUMBER = "cardNumber";
    public static final String REFUSAL_REASON = "refusalReason";
    public static final String REMARKS = "remarks";
  }
}
