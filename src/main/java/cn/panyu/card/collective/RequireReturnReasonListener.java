package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.*;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing a review (department or card office): a return needs its reason, which the level below
 * reads on its task. Refused here, so that the reviewer sees the message on submitting the form (Camunda
 * Forms cannot make a field required only for one choice).
 */
@Component("requireReturnReason")
public class RequireReturnReasonListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String decision = ("Task_CardOfficeReview".equals(task.getTaskDefinitionKey()) ? CARD_OFFICE_DECISION
        : DEPARTMENT_DECISION).getOrNull(task);
    String reason = RETURN_REASON.getOrNull(task);
    if (RETURN.equals(decision) && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("退回时请填写退回原因");
    }
  }
}
