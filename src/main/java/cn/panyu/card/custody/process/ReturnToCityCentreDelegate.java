package cn.panyu.card.custody.process;

import static cn.panyu.card.custody.process.CardHandoverProcess.HANDOVER_ID;

import cn.panyu.card.custody.HandoverService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 交回市社保卡管理中心: runs as an asynchronous job; a failure is rethrown so that the engine retries
 * (failedJobRetryTimeCycle in the model) and finally raises an incident.
 */
@Component("returnHandoverToCityCentre")
public class ReturnToCityCentreDelegate implements JavaDelegate {

  private final HandoverService handovers;

  public ReturnToCityCentreDelegate(HandoverService handovers) {
    this.handovers = handovers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handovers.returnToCityCentre(HANDOVER_ID.get(execution));
  }
}
