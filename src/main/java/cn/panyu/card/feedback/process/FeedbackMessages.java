package cn.panyu.card.feedback.process;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** The message feedback sends to running models: the engine end of IneligibleFeedbacks. */
@Component
public class FeedbackMessages {

  /** Tells an individual application's instance (business key = application number) that its village knows. */
  public static final String DELIVERED = "IneligibleFeedbackDelivered";

  private final RuntimeService runtime;

  public FeedbackMessages(RuntimeService runtime) {
    this.runtime = runtime;
  }

  public void delivered(String applicationNumber) {
    runtime.createMessageCorrelation(DELIVERED).processInstanceBusinessKey(applicationNumber).correlateWithResult();
  }
}
