package cn.panyu.card.feedback.process;

import cn.panyu.card.feedback.IneligibleFeedbacks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code ineligible-feedback}, in front of {@link IneligibleFeedbacks}. */
@Configuration
public class FeedbackDelegates {

  static final String FEEDBACK_ID = "feedbackId";

  private static String feedback(DelegateExecution e) {
    return (String) e.getVariable(FEEDBACK_ID);
  }

  @Bean
  JavaDelegate loadIneligibleFeedback(IneligibleFeedbacks feedbacks) {
    return e -> e.setVariables(feedbacks.processVariables(feedback(e)));
  }

  @Bean
  JavaDelegate deliverIneligibleFeedback(IneligibleFeedbacks feedbacks) {
    return e -> feedbacks.deliver(feedback(e));
  }
}
