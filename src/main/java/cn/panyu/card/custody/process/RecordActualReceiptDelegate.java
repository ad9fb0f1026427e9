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
    // the service checks the outcome and the card numbers, so that the form shows its message
    handovers.resolveDiscrepancy(HANDOVER_ID.get(execution), DISCREPANCY_OUTCOME.getOrNull(execution),
        MISSING_CARD_NUMBERS.getOrNull(execution), RESOLVED_BY.getOrNull(execution),
        DISCREPANCY_REMARKS.getOrNull(execution));
  }
}
