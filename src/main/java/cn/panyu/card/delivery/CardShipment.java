package cn.panyu.card.delivery;

import static cn.panyu.card.engine.ProcessVariable.listOf;
import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;
import java.util.List;

/** Ids, messages and typed variables of processes/card-shipment.bpmn, the contract between the model and the code. */
public final class CardShipment {

  public static final String PROCESS_KEY = "card-shipment";

  public static final ProcessVariable<String> SHIPMENT_ID = of("shipmentId", String.class);
  /** the boxes of the current leg, one card-handover each */
  public static final ProcessVariable<List<String>> BOXES = listOf("boxes", String.class);
  /** the element variable of the boxes' multi-instance */
  public static final ProcessVariable<String> HANDOVER_ID = of("handoverId", String.class);
  public static final ProcessVariable<Boolean> ARRIVED = of("arrived", Boolean.class);

  private CardShipment() {}
}
