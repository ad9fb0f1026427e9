package cn.panyu.card.custody.process;

import static cn.panyu.card.custody.process.CardHandoverProcess.*;

import cn.panyu.card.custody.HandoverService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 登记实收: records what the discrepancy check found; missing cards stay with the sender for the next leg. */
@Component("recordHandoverActualReceipt")
public class RecordActualReceiptDelegate implements JavaDelegate {

  private final HandoverService handovers;

  public RecordActualReceiptDelegate(HandoverService handovers) {
    this.handovers = handovers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handovers.resolveDiscrepancy((String) execution.getVariable(HANDOVER_ID),
        (String) execution.getVariable(DISCREPANCY_OUTCOME), (String) execution.getVariable(MISSING_CARD_NUMBERS),
        (String) execution.getVariable(RESOLVED_BY), (String) execution.getVariable(DISCREPANCY_REMARKS));
  }
}
