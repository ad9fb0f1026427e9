package cn.panyu.card.delivery.process;

import static cn.panyu.card.delivery.CardShipment.ARRIVED;
import static cn.panyu.card.delivery.CardShipment.BOXES;
import static cn.panyu.card.delivery.CardShipment.HANDOVER_ID;
import static cn.panyu.card.delivery.CardShipment.SHIPMENT_ID;

import cn.panyu.card.delivery.Shipments;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code card-shipment}, in front of {@link Shipments}. Bean names are the BPMN's. */
@Configuration
public class ShipmentDelegates {

  private static String shipment(DelegateExecution e) {
    return (String) e.getVariable(SHIPMENT_ID);
  }

  @Bean
  JavaDelegate sealRecoveryBox(Shipments shipments) {
    return e -> shipments.seal(shipment(e), e.getProcessInstanceId());
  }

  @Bean
  JavaDelegate planShipmentLeg(Shipments shipments) {
    return e -> e.setVariable(BOXES, shipments.planLeg(shipment(e), e.getProcessInstanceId()));
  }

  @Bean
  JavaDelegate recordShipmentArrivals(Shipments shipments) {
    return e -> shipments.recordArrivals((String) e.getVariable(HANDOVER_ID));
  }

  @Bean
  JavaDelegate checkShipmentArrived(Shipments shipments) {
    return e -> e.setVariable(ARRIVED, shipments.hasArrived(shipment(e)));
  }
}
