package cn.panyu.card.custody;

/**
 * Where a card is, derived from its latest ledger row. {@code location} is the unit answerable for it
 * (for a card in transit: the sender); {@code inTransitTo}/{@code handoverId} say where it is going.
 */
public record CardCustody(String cardNumber, String location, boolean inTransit, String inTransitTo,
    String handoverId) {}
