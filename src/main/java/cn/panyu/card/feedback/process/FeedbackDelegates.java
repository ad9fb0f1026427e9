package cn.panyu.card.feedback.process;

import static cn.panyu.card.feedback.process.IneligibleFeedbackProcess.FEEDBACK_ID;

import cn.panyu.card.feedback.IneligibleFeedbacks;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code ineligible-feedback}, in front of {@link IneligibleFeedbacks}. */
@Configuration
public class FeedbackDelegates {

  @Bean
  JavaDelegate loadIneligibleFeedback(IneligibleFeedbacks feedbacks) {
    return e -> e.setVariables(feedbacks.processVariables(FEEDBACK_ID.get(e)));
  }

  @Bean
  JavaDelegate deliverIneligibleFeedback(IneligibleFeedbacks feedbacks) {
    return e -> feedbacks.deliver(FEEDBACK_ID.get(e));
  }
}
