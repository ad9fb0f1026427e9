package cn.panyu.card.org;

/** One organisational unit; {@code groupId} is its Camunda candidate group. */
public record OrgUnit(String code, String name, OrgUnitType type, String parentCode, String groupId) {

  public static final String CARD_OFFICE_CODE = "district-card-office";
  public static final String AFFAIRS_OFFICE_CODE = "district-affairs-office";
  public static final String LEADERS_GROUP = "leaders";

  /** The stable candidate group id of a unit (DESIGN.md): {@code town-440113102}, {@code village-...}. */
  public static String groupIdOf(OrgUnitType type, String code) {
    return switch (type) {
      case DISTRICT_CARD_OFFICE -> CARD_OFFICE_CODE;
      case DISTRICT_AFFAIRS_OFFICE -> AFFAIRS_OFFICE_CODE;
      case DEPARTMENT -> "department-" + code;
      case INSTITUTION -> "institution-" + code;
      case TOWN -> "town-" + code;
      case VILLAGE -> "village-" + code;
    };
  }
}
