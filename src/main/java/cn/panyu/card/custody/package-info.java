/**
 * Custody of cards: where every card made is, who handed it to whom, and who confirmed it.
 *
 * <p><b>Ledger.</b> {@code card_movement} is append-only; a card's movements are numbered 1, 2, 3… in
 * {@code seq}, unique per card, so that two concurrent writers of one card collide instead of forking its
 * history, and the unique index (card_number, seq) finds the latest row. The current location is derived
 * from the latest row and stored nowhere else ({@link cn.panyu.card.custody.CustodyLedger#currentLocation}).
 *
 * <p><b>In transit.</b> A HANDED_OVER row leaves the card in the custody of the sender (its from_location)
 * until the receiver records the receipt (RECEIVED, or RECOVERED for a recovery): the sender answers for a
 * box until someone signs for it. {@code currentLocation} of a card in transit is therefore the sender;
 * {@link cn.panyu.card.custody.CustodyLedger#custodyOf} also tells where it is going. Reconciliation counts
 * each card exactly once by its latest row: in transit (not under the sender), held at a location,
 * issued, or returned — {@code unaccounted} is 0 by construction unless rows are missing or invented.
 *
 * <p><b>Discrepancies.</b> A received count that differs from the sent count goes to the sender (the card
 * office for boxes from the City Card Centre), who either confirms that a recount found every card, or
 * lists the missing card numbers: those are recorded NOT_RECEIVED (back in the sender's custody), where the
 * box's shipment ({@code cn.panyu.card.delivery}) finds them for its next leg. A count is never accepted silently.
 *
 * <p><b>Sign-off sheets</b> travel in handovers of purpose SIGN_OFF_SHEETS whose items are the issued
 * cards the sheets list; they write no ledger rows (the cards are with their holders).
 */
package cn.panyu.card.custody;
