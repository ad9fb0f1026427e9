package cn.panyu.card.custody;

import java.util.List;

/**
 * The hook through which the issuance processes learn that cards arrived. Every Spring bean of this type
 * is called, in the transaction that records the receipt (so an exception rolls the receipt back and the
 * user sees the error), after the ledger rows and the handover row are written.
 *
 * <p>Called when a handover ends: all cards received; some received after a discrepancy (then
 * {@code receivedCards} lists only those, possibly none — the missing ones stay with the sender and travel
 * again in a new handover whose id is {@code redispatchOf}-linked, and whose receipt calls this hook once
 * more); or handed back to the City Card Centre ({@code h.status() == RETURNED}). For a handover of
 * sign-off sheets ({@code h.purpose() == SIGN_OFF_SHEETS}) {@code receivedCards} are the cards whose
 * sheets arrived; the cards themselves stay with their holders. Implementations may
 * dispatch onward ({@link HandoverService#dispatch}) or correlate messages.
 */
public interface HandoverCompletedListener {

  void onReceived(Handover h, List<CardRef> receivedCards);
}
