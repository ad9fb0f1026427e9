package cn.panyu.card.custody.process;

/** Ids and variable names of processes/card-handover.bpmn: the contract between the model and the code. */
public final class CardHandoverProcess {

  public static final String KEY = "card-handover";

  // elements
  public static final String TASK_CONFIRM_RECEIPT = "Task_ConfirmReceipt";
  public static final String TASK_CHECK_DISCREPANCY = "Task_CheckDiscrepancy";
  public static final String TASK_RETURN_TO_CITY_CENTRE = "Task_ReturnToCityCentre";

  /** the one input: the box (handover row) that the calling shipment packed */
  public static final String HANDOVER_ID = "handoverId";

  // variables of 读取交接单 (small identifiers and what the forms show; the cards are in handover_item)
  public static final String PURPOSE = "purpose";
  /** what the forms call the contents: 卡片, 回收的逾期卡片, 签收表 */
  public static final String CONTENT_NAME = "contentName";
  public static final String FROM_LOCATION = "fromLocation";
  public static final String TO_LOCATION = "toLocation";
  public static final String FROM_NAME = "fromName";
  public static final String TO_NAME = "toName";
  public static final String SENT_COUNT = "sentCount";
  /** pre-filled with sentCount: the receipt form completes the normal case as it opens */
  public static final String RECEIVED_COUNT = "receivedCount";
  public static final String RECEIVER_GROUP = "receiverGroup";
  public static final String DISCREPANCY_GROUP = "discrepancyGroup";

  // variables set by the forms and the task listeners
  public static final String RECEIPT_REMARKS = "receiptRemarks";
  public static final String RECEIVED_BY = "receivedBy";
  public static final String DISCREPANCY_OUTCOME = "discrepancyOutcome";
  public static final String MISSING_CARD_NUMBERS = "missingCardNumbers";
  public static final String DISCREPANCY_REMARKS = "discrepancyRemarks";
  public static final String RESOLVED_BY = "resolvedBy";

  /** values of {@link #DISCREPANCY_OUTCOME} */
  public static final String OUTCOME_RECOUNT_MATCHES = "RECOUNT_MATCHES";
  public static final String OUTCOME_CARDS_MISSING = "CARDS_MISSING";

  private CardHandoverProcess() {}
}
