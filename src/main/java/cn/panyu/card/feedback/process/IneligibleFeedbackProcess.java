package cn.panyu.card.feedback.process;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;

/** Ids and typed variables of processes/ineligible-feedback.bpmn, called by town-submission and collective-issuance. */
public final class IneligibleFeedbackProcess {

  public static final String PROCESS_KEY = "ineligible-feedback";

  /** the one input, passed in by the calling call activity: the list (ineligible_feedback row) to relay */
  public static final ProcessVariable<String> FEEDBACK_ID = of("feedbackId", String.class);

  // variables of the loading step: what the relay form shows and who works it; the list stays in the table
  public static final ProcessVariable<String> MODE = of("mode", String.class);
  public static final ProcessVariable<String> RELAY_GROUP = of("relayGroup", String.class);
  public static final ProcessVariable<String> RELAY_UNIT_NAME = of("relayUnitName", String.class);
  public static final ProcessVariable<Integer> INELIGIBLE_COUNT = of("ineligibleCount", Integer.class);
  public static final ProcessVariable<String> INELIGIBLE_TEXT = of("ineligibleText", String.class);

  private IneligibleFeedbackProcess() {}
}
