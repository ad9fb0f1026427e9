package cn.panyu.card.org;

/** The kinds of organisational unit of the campaign (DESIGN.md "Organisation and access"). */
public enum OrgUnitType {
  DISTRICT_CARD_OFFICE,
  DISTRICT_AFFAIRS_OFFICE,
  DEPARTMENT,
  INSTITUTION,
  TOWN,
  VILLAGE
}
