package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The fallback when a callback was lost: fetch a submission's results from the centre and hand each one
 * to the same {@link CardResultHandler} as the callbacks do (which is why the handler must be
 * idempotent: a poll repeats results already delivered). Call it from a timer of the waiting process,
 * e.g. when no result has come for a while. Throws {@link CityCentreUnavailable} like any call.
 */
@Component
public class CardResultPoller {

  private static final Logger log = LoggerFactory.getLogger(CardResultPoller.class);

  private final CityCentreClient client;
  private final ObjectProvider<CardResultHandler> handler;

  public CardResultPoller(CityCentreClient client, ObjectProvider<CardResultHandler> handler) {
    this.client = client;
    this.handler = handler;
  }

  /**
   * Feeds every result the centre has so far for the submission to the handler.
   *
   * @return the centre's report (status {@code PROCESSING} means more results will come)
   */
  public ResultsReport poll(String submissionId) {
    ResultsReport report = client.pollReport(submissionId);
    CardResultHandler target = handler.getObject(); // fails clearly if nobody implements it
    for (CardResult result : report.results()) {
      target.onCardResult(submissionId, result);
    }
    log.info("Polled submission {}: {} results, {}", submissionId, report.results().size(), report.status());
    return report;
  }
}
