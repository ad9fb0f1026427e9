package cn.panyu.card.custody;

/** What a box holds and why it moves. */
public enum HandoverPurpose {
  /** cards going down the chain to the people who will collect them */
  DELIVERY("卡片"),
  /** overdue cards going back up the chain */
  RECOVERY("回收的逾期卡片"),
  /**
   * stamped sign-off sheets going back up the chain (collective mode). The items are the cards whose
   * signatures the sheets carry; the cards themselves are with their holders, so the ledger does not move.
   */
  SIGN_OFF_SHEETS("签收表（按所列卡片计数）");

  private final String contentName;

  HandoverPurpose(String contentName) {
    this.contentName = contentName;
  }

  /** What the forms call the contents of the box. */
  public String contentName() {
    return contentName;
  }

  /** Does the handover move the cards themselves (and so write the custody ledger)? */
  public boolean movesCards() {
    return this != SIGN_OFF_SHEETS;
  }
}
