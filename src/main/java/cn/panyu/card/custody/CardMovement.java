package cn.panyu.card.custody;

import java.time.Instant;

/** One row of the ledger {@code card_movement}. */
public record CardMovement(
    String cardNumber,
    int seq,
    String applicationNumber,
    Instant at,
    String fromLocation,
    String toLocation,
    MovementKind kind,
    String handoverId,
    String actor) {

  /** Where the card is after this movement: for an in-transit card, still the sender. */
  public String location() {
    return kind.atRest() ? toLocation : fromLocation;
  }

  public boolean inTransit() {
    return !kind.atRest();
  }
}
