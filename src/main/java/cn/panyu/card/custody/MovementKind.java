package cn.panyu.card.custody;

/** Kinds of ledger rows; see V5__custody.sql for where each leaves the card. */
public enum MovementKind {
  /** the City Card Centre made the card: it is at CITY_CENTRE */
  MADE,
  /** handed over: in transit to to_location, still in the custody of from_location */
  HANDED_OVER,
  /** receipt of a delivery recorded: the card is at to_location */
  RECEIVED,
  /** receipt of a recovery (an overdue card going back up the chain) recorded: at to_location */
  RECOVERED,
  /** the card was found missing from the box: it stays with the sender (to_location) */
  NOT_RECEIVED,
  /** handed to the card holder */
  ISSUED,
  /** handed back to the City Card Centre */
  RETURNED;

  /** Does the card's location after this movement lie in to_location (everything but in-transit)? */
  public boolean atRest() {
    return this != HANDED_OVER;
  }
}
