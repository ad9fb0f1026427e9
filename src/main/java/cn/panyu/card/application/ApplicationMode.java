package cn.panyu.card.application;

public enum ApplicationMode {
  INDIVIDUAL,
  COLLECTIVE,
  /** a new card for a holder at a town service window (补领/换领); unit_code is the town */
  REPLACEMENT
}
