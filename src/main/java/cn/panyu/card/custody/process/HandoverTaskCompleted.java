package cn.panyu.card.custody.process;

import static cn.panyu.card.custody.process.CardHandoverProcess.*;
import static cn.panyu.card.engine.Actors.actor;

import cn.panyu.card.custody.HandoverService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On completion of the receipt and discrepancy tasks: remembers who completed it (the logged-in user of
 * Tasklist, else the assignee) and, for the receipt, records the count the receiver entered — a wrong
 * entry (negative, fractional) is refused here, so the user sees the message on submitting the form.
 */
@Component("handoverTaskCompleted")
public class HandoverTaskCompleted implements TaskListener {

  private final HandoverService handovers;

  public HandoverTaskCompleted(HandoverService handovers) {
    this.handovers = handovers;
  }

  @Override
  public void notify(DelegateTask task) {
    String actor = actor(task);
    switch (task.getTaskDefinitionKey()) {
      case TASK_CONFIRM_RECEIPT -> {
        handovers.recordReportedCount(HANDOVER_ID.get(task), RECEIVED_COUNT.getOrNull(task),
            RECEIPT_REMARKS.getOrNull(task));
        RECEIVED_BY.set(task, actor);
      }
      case TASK_CHECK_DISCREPANCY -> RESOLVED_BY.set(task, actor);
      default -> { }
    }
  }
}
