package cn.panyu.card.delivery;

/** Ids, messages and variables of processes/card-shipment.bpmn, the contract between the model and the code. */
public final class CardShipment {

  public static final String KEY = "card-shipment";

  public static final String SHIPMENT_ID = "shipmentId";
  /** the boxes of the current leg, one card-handover each */
  public static final String BOXES = "boxes";
  /** the element variable of the boxes' multi-instance */
  public static final String HANDOVER_ID = "handoverId";
  public static final String ARRIVED = "arrived";

  private CardShipment() {}
}
