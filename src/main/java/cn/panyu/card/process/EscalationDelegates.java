package cn.panyu.card.process;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service task of {@code task-escalation}: one round of the sweep, in its own transaction. */
@Configuration
public class EscalationDelegates {

  @Bean
  JavaDelegate escalateDueTasks(TaskEscalations escalations,
      @Value("${escalation.tasks-per-round:200}") int tasksPerRound) {
    return e -> e.setVariable("moreDue", escalations.escalateDue(tasksPerRound));
  }
}
