package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;

/**
 * Receives what the City Card Centre reports, from its callbacks ({@link CardCentreCallbackController})
 * and from polling ({@link CardResultPoller}). Implemented by the processes (correlating a BPMN message
 * to the instance that waits for the result).
 *
 * <p><b>Implementations must be idempotent.</b> The same result can arrive more than once: the centre
 * may repeat a callback, a poll may fetch a result that a callback already delivered, and results of
 * one submission can arrive in any order and split over several calls. A result for an application
 * that has already moved on must be accepted and ignored, not fail. An exception makes the callback
 * answer 500 (the centre may send it again; polling picks it up otherwise).
 */
public interface CardResultHandler {

  /** One application's card-making result within a submission. */
  void onCardResult(String submissionId, CardResult result);

  /** The holder activated the card at the bank. */
  void onActivation(ActivationNotice notice);
}
