package cn.panyu.card.delivery;

import cn.panyu.card.custody.CardRef;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overdue and wrong cards go back up in their unit's recovery box of the day. The card that opens a box starts
 * its {@code card-shipment} (message start 逾期卡片回收箱已开箱, business key RECOVERY-unit-date), which waits until
 * the box closes and then takes it up the chain.
 */
@Component
public class RecoveryBoxes {

  public static final String MESSAGE_BOX_OPENED = "RecoveryBoxOpened";

  private final Shipments shipments;
  private final RuntimeService runtime;

  public RecoveryBoxes(Shipments shipments, RuntimeService runtime) {
    this.shipments = shipments;
    this.runtime = runtime;
  }

  /** @return the box's business key (RECOVERY-unit-date), by which Cockpit finds its instance */
  @Transactional
  public String put(String unitLocation, List<CardRef> cards) {
    String opened = shipments.addToRecoveryBox(unitLocation, cards);
    if (opened != null) {
      runtime.createMessageCorrelation(MESSAGE_BOX_OPENED)
          .processInstanceBusinessKey(shipments.get(opened).businessKey())
          .setVariable(CardShipment.SHIPMENT_ID, opened)
          .correlateStartMessage();
    }
    return shipments.recoveryBoxOf(cards.get(0).cardNumber());
  }
}
