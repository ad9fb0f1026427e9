package cn.panyu.card.replacement;

/** A window request that cannot be accepted (no card on record, a replacement already open): the message says why. */
public class ReplacementRefused extends RuntimeException {

  public ReplacementRefused(String message) {
    super(message);
  }
}
