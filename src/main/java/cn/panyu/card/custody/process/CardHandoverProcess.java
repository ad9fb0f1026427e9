package cn.panyu.card.custody.process;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;

/** Ids and typed variables of processes/card-handover.bpmn: the contract between the model and the code. */
public final class CardHandoverProcess {

  public static final String PROCESS_KEY = "card-handover";

  // elements
  public static final String TASK_CONFIRM_RECEIPT = "Task_ConfirmReceipt";
  public static final String TASK_CHECK_DISCREPANCY = "Task_CheckDiscrepancy";
  public static final String TASK_RETURN_TO_CITY_CENTRE = "Task_ReturnToCityCentre";

  /** the one input: the box (handover row) that the calling shipment packed */
  public static final ProcessVariable<String> HANDOVER_ID = of("handoverId", String.class);

  // variables of 读取交接单 (small identifiers and what the forms show; the cards are in handover_item)
  public static final ProcessVariable<String> PURPOSE = of("purpose", String.class);
  /** what the forms call the contents: 卡片, 回收的逾期卡片, 签收表 */
  public static final ProcessVariable<String> CONTENT_NAME = of("contentName", String.class);
  public static final ProcessVariable<String> FROM_LOCATION = of("fromLocation", String.class);
  public static final ProcessVariable<String> TO_LOCATION = of("toLocation", String.class);
  public static final ProcessVariable<String> FROM_NAME = of("fromName", String.class);
  public static final ProcessVariable<String> TO_NAME = of("toName", String.class);
  public static final ProcessVariable<Integer> SENT_COUNT = of("sentCount", Integer.class);
  /**
   * pre-filled with sentCount: the receipt form completes the normal case as it opens. A Number, not a Long: the
   * form may send a fraction, which the service refuses rather than a conversion rounding it away.
   */
  public static final ProcessVariable<Number> RECEIVED_COUNT = of("receivedCount", Number.class);
  public static final ProcessVariable<String> RECEIVER_GROUP = of("receiverGroup", String.class);
  public static final ProcessVariable<String> DISCREPANCY_GROUP = of("discrepancyGroup", String.class);

  // variables set by the forms and the task listeners
  public static final ProcessVariable<String> RECEIPT_REMARKS = of("receiptRemarks", String.class);
  public static final ProcessVariable<String> RECEIVED_BY = of("receivedBy", String.class);
  public static final ProcessVariable<String> DISCREPANCY_OUTCOME = of("discrepancyOutcome", String.class);
  public static final ProcessVariable<String> MISSING_CARD_NUMBERS = of("missingCardNumbers", String.class);
  public static final ProcessVariable<String> DISCREPANCY_REMARKS = of("discrepancyRemarks", String.class);
  public static final ProcessVariable<String> RESOLVED_BY = of("resolvedBy", String.class);

  /** values of {@link #DISCREPANCY_OUTCOME} */
  public static final String OUTCOME_RECOUNT_MATCHES = "RECOUNT_MATCHES";
  public static final String OUTCOME_CARDS_MISSING = "CARDS_MISSING";

  private CardHandoverProcess() {}
}
