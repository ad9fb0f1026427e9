package cn.panyu.card.custody;

import java.util.List;

/**
 * Tells the City Card Centre that a box came back to it. Implemented by the Connect client. Called from
 * an asynchronous, retried job: an implementation must be idempotent on {@code handoverId} (a retry after
 * a lost answer repeats the same call) and throw on a failure so that the engine retries.
 */
public interface CityCentreReturns {

  /** Cards handed back to the City Card Centre (recovered overdue cards). */
  void returnCards(String handoverId, List<String> cardNumbers);

  /**
   * Stamped sign-off sheets handed to the City Card Centre, for the cards listed. Until the client
   * implements it, the job fails and becomes an incident, so nothing is recorded as delivered by mistake.
   */
  default void returnSignOffSheets(String handoverId, List<String> cardNumbers) {
    throw new UnsupportedOperationException("向市社保卡管理中心交回签收表的接口尚未实现");
  }
}
