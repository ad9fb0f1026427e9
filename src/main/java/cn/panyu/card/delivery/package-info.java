/**
 * Delivery: cards and sign-off sheets travelling in the plan's units. A {@link cn.panyu.card.delivery.Shipments
 * shipment} is what travels together (the cards a town submission or a batch round made, a village's or
 * institution's recovery box of one day, an institution's stamped sheets); {@code card-shipment} takes it leg by
 * leg, one box ({@code card-handover}, {@code cn.panyu.card.custody}) per next unit, where
 * {@link cn.panyu.card.delivery.Routes} (the analysts' {@code card-route.dmn}) says. Cards that reach the unit
 * issuing them are {@link cn.panyu.card.delivery.Arrivals arrivals}; boxes that reach the City Card Centre are
 * reported to it ({@link cn.panyu.card.delivery.ReturnsToCityCentre}). {@code process} holds the model's delegates
 * and the messages that delivery sends to running models.
 */
package cn.panyu.card.delivery;
