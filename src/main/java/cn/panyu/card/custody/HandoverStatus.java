package cn.panyu.card.custody;

public enum HandoverStatus {
  /** handed over, receipt not yet recorded: the cards are in transit */
  SENT,
  /** the receiver counted a different number; the sender (or supervisor) is checking */
  DISCREPANCY,
  /** every card received */
  RECEIVED,
  /** some cards recorded as not received: they are back in the sender's custody and re-dispatched */
  PARTIALLY_RECEIVED,
  /** handed back to the City Card Centre */
  RETURNED
}
