package cn.panyu.card.delivery.process;

import cn.panyu.card.delivery.CardShipment;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** The messages delivery sends to running models: the engine end of Arrivals and RecoveryBoxes. */
@Component
public class DeliveryMessages {

  /** Tells an individual application's instance (business key = application number) that its card is there. */
  public static final String CARD_ARRIVED = "CardArrived";
  /** Starts a recovery box's {@code card-shipment} (逾期卡片回收箱已开箱). */
  public static final String RECOVERY_BOX_OPENED = "RecoveryBoxOpened";

  private final RuntimeService runtime;

  public DeliveryMessages(RuntimeService runtime) {
    this.runtime = runtime;
  }

  public void cardArrived(String applicationNumber) {
    runtime.createMessageCorrelation(CARD_ARRIVED).processInstanceBusinessKey(applicationNumber)
        .correlateWithResult();
  }

  public void recoveryBoxOpened(String businessKey, String shipmentId) {
    runtime.createMessageCorrelation(RECOVERY_BOX_OPENED).processInstanceBusinessKey(businessKey)
        .setVariables(CardShipment.SHIPMENT_ID.with(shipmentId)).correlateStartMessage();
  }
}
