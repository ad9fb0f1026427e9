package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.Var;

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
    Object decision = task.getVariable("Task_CardOfficeReview".equals(task.getTaskDefinitionKey())
        ? Var.CARD_OFFICE_DECISION : Var.DEPARTMENT_DECISION);
    Object reason = task.getVariable(Var.RETURN_REASON);
    if (CollectiveIssuance.RETURN.equals(decision) && (reason == null || reason.toString().isBlank())) {
      throw new IllegalArgumentException("退回时请填写退回原因");
    }
  }
}
