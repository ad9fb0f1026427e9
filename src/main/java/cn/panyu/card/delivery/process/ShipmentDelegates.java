package cn.panyu.card.delivery.process;

import static cn.panyu.card.delivery.CardShipment.ARRIVED;
import static cn.panyu.card.delivery.CardShipment.BOXES;
import static cn.panyu.card.delivery.CardShipment.HANDOVER_ID;
import static cn.panyu.card.delivery.CardShipment.SHIPMENT_ID;

import cn.panyu.card.delivery.Shipments;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code card-shipment}, in front of {@link Shipments}. Bean names are the BPMN's. */
@Configuration
public class ShipmentDelegates {

  @Bean
  JavaDelegate sealRecoveryBox(Shipments shipments) {
    return e -> shipments.seal(SHIPMENT_ID.get(e), e.getProcessInstanceId());
  }

  @Bean
  JavaDelegate planShipmentLeg(Shipments shipments) {
    return e -> BOXES.set(e, shipments.planLeg(SHIPMENT_ID.get(e), e.getProcessInstanceId()));
  }

  @Bean
  JavaDelegate recordShipmentArrivals(Shipments shipments) {
    return e -> shipments.recordArrivals(HANDOVER_ID.get(e));
  }

  @Bean
  JavaDelegate checkShipmentArrived(Shipments shipments) {
    return e -> ARRIVED.set(e, shipments.hasArrived(SHIPMENT_ID.get(e)));
  }
}
