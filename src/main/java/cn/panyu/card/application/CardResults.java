package cn.panyu.card.application;

import static cn.panyu.card.application.CardResultMessage.CARD_NUMBER;
import static cn.panyu.card.application.CardResultMessage.CARD_OUTCOME;
import static cn.panyu.card.application.CardResultMessage.INELIGIBLE_ADVICE;
import static cn.panyu.card.application.CardResultMessage.INELIGIBLE_REASON;
import static cn.panyu.card.application.CardResultMessage.INELIGIBLE_REASON_TEXT;
import static cn.panyu.card.application.CardResultMessage.INELIGIBLE_REMEDY;
import static cn.panyu.card.application.CardResultMessage.SUBMISSION_ID;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardResultHandler;
import cn.panyu.card.custody.CustodyLedger;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what the City Card Centre reports and wakes the instance that waits for it (message
 * {@code CardResult} or {@code CardActivated}, business key = application number). Idempotent: a result
 * for an application that has moved on (a repeated callback, a poll after a callback) is ignored.
 */
@Component
public class CardResults implements CardResultHandler {

  /** The City Card Centre's answer about one application, to its {@code individual-issuance} instance. */
  public static final String MESSAGE_CARD_RESULT = "CardResult";
  /** The bank activated the card. */
  public static final String MESSAGE_CARD_ACTIVATED = "CardActivated";

  private static final Logger LOG = LoggerFactory.getLogger(CardResults.class);

  private final ApplicationRepository applications;
  private final CustodyLedger ledger;
  private final RuntimeService runtime;
  private final IneligibleReasons reasons;

  public CardResults(ApplicationRepository applications, CustodyLedger ledger, RuntimeService runtime,
      IneligibleReasons reasons) {
    this.reasons = reasons;
    this.applications = applications;
    this.ledger = ledger;
    this.runtime = runtime;
  }

  @Override
  @Transactional
  public void onCardResult(String submissionId, CardResult result) {
    Application app = applications.findForUpdate(result.applicationNumber()).orElse(null);
    if (app == null || app.status() != ApplicationStatus.SUBMITTED || !submissionId.equals(app.submissionId())) {
      LOG.debug("result for {} ignored: already recorded or not waiting", result.applicationNumber());
      return;
    }
    // the outcome decides the gateway right after the wait: transient, never stored
    var correlation = runtime.createMessageCorrelation(MESSAGE_CARD_RESULT)
        .processInstanceBusinessKey(app.applicationNumber())
        .setVariable(CARD_OUTCOME.name(), Variables.stringValue(result.outcome().name(), true))
        // the way to the submission's instance and its boxes in Cockpit (their business key)
        .setVariable(SUBMISSION_ID.name(), submissionId);
    if (result.made()) {
      applications.recordCardMade(app.applicationNumber(), result.cardNumber());
      ledger.recordMade(result.cardNumber(), app.applicationNumber());
      correlation.setVariable(CARD_NUMBER.name(), result.cardNumber());
    } else {
      String reason = result.reason() == null ? "UNKNOWN" : result.reason().name();
      applications.recordIneligible(app.applicationNumber(), reason);
      correlation.setVariable(INELIGIBLE_REASON.name(), reason)
          .setVariable(INELIGIBLE_REMEDY.name(), reasons.remedy(reason).name())
          .setVariable(INELIGIBLE_REASON_TEXT.name(), reasons.text(reason))
          .setVariable(INELIGIBLE_ADVICE.name(), reasons.advice(reason));
    }
    if (app.mode() != ApplicationMode.COLLECTIVE) {
      // individual-issuance and card-replacement instances wait for their result (business key = application number)
      correlation.correlateWithResult();
    }
    // collective rows have no instance of their own: the batch's process polls until its results are complete
  }

  @Override
  @Transactional
  public void onActivation(ActivationNotice notice) {
    Application app = applications.findByCardNumber(notice.cardNumber()).orElse(null);
    if (app == null || app.status() != ApplicationStatus.ISSUED) {
      LOG.debug("activation of a card not waiting for it ignored");
      return;
    }
    runtime.createMessageCorrelation(MESSAGE_CARD_ACTIVATED).processInstanceBusinessKey(app.applicationNumber())
        .correlateWithResult();
  }
}
