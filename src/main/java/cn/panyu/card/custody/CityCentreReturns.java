package cn.panyu.card.custody;

import java.util.List;

/**
 * Tells the City Card Centre that a box of cards came back to it. Implemented by the Connect client.
 * Called from an asynchronous, retried job: an implementation must be idempotent on {@code handoverId}
 * (a retry after a lost answer repeats the same call) and throw on a failure so that the engine retries.
 */
public interface CityCentreReturns {

  void returnCards(String handoverId, List<String> cardNumbers);
}
