package cn.panyu.card.custody.process;

import static cn.panyu.card.custody.process.CardHandoverProcess.*;

import cn.panyu.card.custody.HandoverService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 登记接收: the count matched, every card of the box is received. */
@Component("recordHandoverReceipt")
public class RecordReceiptDelegate implements JavaDelegate {

  private final HandoverService handovers;

  public RecordReceiptDelegate(HandoverService handovers) {
    this.handovers = handovers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    handovers.recordReceipt(HANDOVER_ID.get(execution), RECEIVED_BY.getOrNull(execution));
  }
}
