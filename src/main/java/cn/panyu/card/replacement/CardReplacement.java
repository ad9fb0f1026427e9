package cn.panyu.card.replacement;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.application.CardResultMessage;
import cn.panyu.card.engine.ProcessVariable;

/** Ids, messages and typed variables of {@code card-replacement}. */
public final class CardReplacement {

  private CardReplacement() {}

  public static final String PROCESS_KEY = "card-replacement";
  public static final String FEE_DECISION = "replacement-fee";

  public static final String PAID = "PAID";
  public static final String NOT_PAID = "NOT_PAID";
  public static final String FREE = "FREE";

  // Variables: identifiers and decisions; the holder's data stay in the application table.
  public static final ProcessVariable<String> ID_NUMBER = of("idNumber", String.class);
  public static final ProcessVariable<String> REASON = of("reason", String.class);
  public static final ProcessVariable<Boolean> FIRST_CARD = of("firstCard", Boolean.class);
  public static final ProcessVariable<String> STARTED_BY = of("startedBy", String.class);
  public static final ProcessVariable<String> REPLACEMENT_NUMBER = of("replacementNumber", String.class);
  public static final ProcessVariable<String> APPLICATION_NUMBER = of("applicationNumber", String.class);
  public static final ProcessVariable<String> OLD_CARD_NUMBER = of("oldCardNumber", String.class);
  public static final ProcessVariable<String> HOLDER_NAME = of("holderName", String.class);
  public static final ProcessVariable<String> TOWN_CODE = of("townCode", String.class);
  public static final ProcessVariable<String> TOWN_GROUP = of("townGroup", String.class);
  public static final ProcessVariable<Number> FEE = of("fee", Number.class);
  public static final ProcessVariable<String> PAYMENT = of("payment", String.class);
  public static final ProcessVariable<String> RECEIPT_NUMBER = of("receiptNumber", String.class);
  public static final ProcessVariable<String> SUBMISSION_ID = CardResultMessage.SUBMISSION_ID;
  public static final ProcessVariable<String> CARD_OUTCOME = CardResultMessage.CARD_OUTCOME;
  public static final ProcessVariable<String> CARD_NUMBER = CardResultMessage.CARD_NUMBER;
  /** the business key of the card-shipment that brings the new card to the window */
  public static final ProcessVariable<String> SHIPMENT_ID = of("shipmentId", String.class);
  public static final ProcessVariable<String> REFUSAL_REASON = of("refusalReason", String.class);
  public static final ProcessVariable<String> REMARKS = of("remarks", String.class);
}
