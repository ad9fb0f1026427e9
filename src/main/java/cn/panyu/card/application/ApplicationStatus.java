package cn.panyu.card.application;

/** The stable status values of an application (DESIGN.md), both modes. */
public enum ApplicationStatus {
  REGISTERED,
  REJECTED,
  SUBMITTED,
  INELIGIBLE,
  CARD_MADE,
  IN_TRANSIT,
  AT_ISSUING_UNIT,
  ISSUED,
  ACTIVATED,
  RECOVERED,
  WITHDRAWN
}
