package cn.panyu.card.custody;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Card locations (DESIGN.md): CITY_CENTRE, DISTRICT_CARD_OFFICE, DEPARTMENT:&lt;code&gt;, TOWN:&lt;code&gt;,
 * INSTITUTION:&lt;code&gt;, VILLAGE:&lt;code&gt;, HOLDER, RETURNED — and the units and groups behind them.
 */
@Component
public class Locations {

  public static final String CITY_CENTRE = "CITY_CENTRE";
  public static final String DISTRICT_CARD_OFFICE = "DISTRICT_CARD_OFFICE";
  public static final String HOLDER = "HOLDER";
  public static final String RETURNED = "RETURNED";

  private final OrgUnitRepository units;

  public Locations(OrgUnitRepository units) {
    this.units = units;
  }

  public static String of(OrgUnitType type, String code) {
    return switch (type) {
      case DISTRICT_CARD_OFFICE -> DISTRICT_CARD_OFFICE;
      case DEPARTMENT, INSTITUTION, TOWN, VILLAGE -> type.name() + ":" + code;
      case DISTRICT_AFFAIRS_OFFICE -> throw new IllegalArgumentException("区政务办不保管卡片");
    };
  }

  public static String of(OrgUnit unit) {
    return of(unit.type(), unit.code());
  }

  /** Is this a place where a box of cards can be sent (a unit, or the City Card Centre)? */
  public static boolean isHandoverPoint(String location) {
    return CITY_CENTRE.equals(location) || unitType(location) != null;
  }

  /** The unit type of a unit location, or null for CITY_CENTRE, HOLDER, RETURNED and anything unknown. */
  static OrgUnitType unitType(String location) {
    if (location == null) {
      return null;
    }
    if (DISTRICT_CARD_OFFICE.equals(location)) {
      return OrgUnitType.DISTRICT_CARD_OFFICE;
    }
    int colon = location.indexOf(':');
    if (colon <= 0 || colon == location.length() - 1) {
      return null;
    }
    return switch (location.substring(0, colon)) {
      case "DEPARTMENT" -> OrgUnitType.DEPARTMENT;
      case "INSTITUTION" -> OrgUnitType.INSTITUTION;
      case "TOWN" -> OrgUnitType.TOWN;
      case "VILLAGE" -> OrgUnitType.VILLAGE;
      default -> null;
    };
  }

  /** The org unit code of a unit location: TOWN:440113102 → 440113102, DISTRICT_CARD_OFFICE → district-card-office. */
  public static String unitCode(String location) {
    OrgUnitType type = unitType(location);
    if (type == null) {
      return null;
    }
    return type == OrgUnitType.DISTRICT_CARD_OFFICE ? OrgUnit.CARD_OFFICE_CODE
        : location.substring(location.indexOf(':') + 1);
  }

  /** The candidate group that works for a unit location (VILLAGE:x → village-x); null for CITY_CENTRE. */
  public static String groupOf(String location) {
    OrgUnitType type = unitType(location);
    return type == null ? null : OrgUnit.groupIdOf(type, unitCode(location));
  }

  /** A readable Chinese name for forms and messages. */
  public String nameOf(String location) {
    if (location == null) {
      return null;
    }
    return switch (location) {
      case CITY_CENTRE -> "市社保卡管理中心";
      case HOLDER -> "持卡人";
      case RETURNED -> "已交回市社保卡管理中心";
      case DISTRICT_CARD_OFFICE -> unit(location).map(OrgUnit::name).orElse("区卡办");
      default -> unit(location).map(OrgUnit::name).orElse(location);
    };
  }

  public Optional<OrgUnit> unit(String location) {
    String code = unitCode(location);
    return code == null ? Optional.empty() : units.findByCode(code);
  }
}
