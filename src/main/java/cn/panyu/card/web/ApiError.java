package cn.panyu.card.web;

/** The body of every refused API request: a stable reason code and a Chinese message. */
public record ApiError(String reason, String message) {}
