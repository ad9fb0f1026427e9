package cn.panyu.card.custody.process;

import static cn.panyu.card.custody.process.CardHandoverProcess.HANDOVER_ID;

import cn.panyu.card.custody.HandoverService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 读取交接单: the box's units, names, count and groups, for the forms and the tasks' candidate groups. */
@Component("loadHandover")
public class LoadHandoverDelegate implements JavaDelegate {

  private final HandoverService handovers;

  public LoadHandoverDelegate(HandoverService handovers) {
    this.handovers = handovers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariables(handovers.processVariables(HANDOVER_ID.get(execution),
        execution.getProcessInstanceId()));
  }
}
