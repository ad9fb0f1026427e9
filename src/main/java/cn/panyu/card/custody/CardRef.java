package cn.panyu.card.custody;

/** A card in a handover, with the application it was made for (application number may be null). */
public record CardRef(String cardNumber, String applicationNumber) {}
