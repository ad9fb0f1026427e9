package cn.panyu.card.delivery;

import cn.panyu.card.custody.CardRef;
import cn.panyu.card.delivery.process.DeliveryMessages;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overdue and wrong cards go back up in their unit's recovery box of the day. The card that opens a box starts
 * its {@code card-shipment} (message start 逾期卡片回收箱已开箱, business key RECOVERY-unit-date), which waits until
 * the box closes and then takes it up the chain.
 */
@Component
public class RecoveryBoxes {

  private final Shipments shipments;
  private final DeliveryMessages messages;

  public RecoveryBoxes(Shipments shipments, DeliveryMessages messages) {
    this.shipments = shipments;
    this.messages = messages;
  }

  /** @return the box's business key (RECOVERY-unit-date), by which Cockpit finds its instance */
  @Transactional
  public String put(String unitLocation, List<CardRef> cards) {
    String opened = shipments.addToRecoveryBox(unitLocation, cards);
    if (opened != null) {
      messages.recoveryBoxOpened(shipments.get(opened).businessKey(), opened);
    }
    return shipments.recoveryBoxOf(cards.get(0).cardNumber());
  }
}
