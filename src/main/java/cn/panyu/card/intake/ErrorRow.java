package cn.panyu.card.intake;

/** One reason a batch row was refused, with the row's values as written (CSV of the report's columns). */
public record ErrorRow(int row, String field, String reason, String message, String rowValues) {}
