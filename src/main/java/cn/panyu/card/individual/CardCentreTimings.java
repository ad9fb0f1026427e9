package cn.panyu.card.individual;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Timings of the exchange with the City Card Centre that the BPMN reads as {@code ${cardCentre.…}}:
 * how often a submission checks for results that callbacks may have lost, and how failed calls are retried.
 */
@Component("cardCentre")
public class CardCentreTimings {

  private final String pollInterval;
  private final String retryCycle;

  public CardCentreTimings(@Value("${card-centre.poll-interval:PT1H}") String pollInterval,
      @Value("${card-centre.retry-cycle:R5/PT5M}") String retryCycle) {
    this.pollInterval = pollInterval;
    this.retryCycle = retryCycle;
  }

  public String getPollInterval() {
    return pollInterval;
  }

  public String getRetryCycle() {
    return retryCycle;
  }
}
