package cn.panyu.card.application;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;

/**
 * The City Centre's result for one application, as {@link CardResults} correlates it to the instance waiting for it
 * (individual-issuance and card-replacement). Its variables are declared here once; the waiting processes' contracts
 * name the same objects, so {@code ProcessContractsTest} checks them against those models.
 */
public final class CardResultMessage {

  private CardResultMessage() {}

  /** the processes whose instances wait for the message (business key = application number) */
  public static final String INDIVIDUAL_PROCESS_KEY = "individual-issuance";
  public static final String REPLACEMENT_PROCESS_KEY = "card-replacement";

  /** MADE or INELIGIBLE: decides the gateway after the wait, transient. */
  public static final ProcessVariable<String> CARD_OUTCOME = of("cardOutcome", String.class);
  /** the way to the submission's instance and its boxes in Cockpit (their business key) */
  public static final ProcessVariable<String> SUBMISSION_ID = of("submissionId", String.class);
  public static final ProcessVariable<String> CARD_NUMBER = of("cardNumber", String.class);
  public static final ProcessVariable<String> INELIGIBLE_REASON = of("ineligibleReason", String.class);
  public static final ProcessVariable<String> INELIGIBLE_REMEDY = of("ineligibleRemedy", String.class);
  public static final ProcessVariable<String> INELIGIBLE_REASON_TEXT = of("ineligibleReasonText", String.class);
  public static final ProcessVariable<String> INELIGIBLE_ADVICE = of("ineligibleAdvice", String.class);
}
