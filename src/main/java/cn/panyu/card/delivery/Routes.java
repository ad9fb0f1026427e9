package cn.panyu.card.delivery;

import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.rules.Rules;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The next stop of a box, from the analysts' {@code card-route} table: down to the issuing unit, one level a leg,
 * and up to the City Card Centre. The table names a type of place; the unit is the issuing unit's (down) or the
 * current unit's (up) ancestor of that type.
 */
@Component
public class Routes {

  static final String DOWN = "DOWN";
  static final String UP = "UP";
  private static final String TABLE = "card-route";

  private final Rules rules;
  private final OrgUnitRepository units;

  public Routes(Rules rules, OrgUnitRepository units) {
    this.rules = rules;
    this.units = units;
  }

  /** The next stop of a card at {@code here} on its way to the issuing unit; null when it is there. */
  public String nextDown(ApplicationMode mode, String here, String issuingUnitCode) {
    OrgUnit issuingUnit = units.findByCode(issuingUnitCode)
        .orElseThrow(() -> new IllegalStateException("发卡单位 " + issuingUnitCode + " 不存在"));
    if (here.equals(Locations.of(issuingUnit))) {
      return null;
    }
    return next(DOWN, mode, here, units.withAncestors(issuingUnitCode));
  }

  /** The next stop of a card or sheet at {@code here} on its way back to the City Card Centre; null there. */
  public String nextUp(ApplicationMode mode, String here) {
    if (Locations.CITY_CENTRE.equals(here)) {
      return null;
    }
    return next(UP, mode, here, units.withAncestors(Locations.unitCode(here)));
  }

  private String next(String direction, ApplicationMode mode, String here, List<OrgUnit> line) {
    String type = typeOf(here);
    for (int step = 0; step < OrgUnitType.values().length + 1; step++) {
      String nextType = rules.lookup(TABLE, Map.of("direction", direction, "mode", mode.name(), "here", type))
          .getSingleEntry();
      if (nextType == null) {
        break;
      }
      if (Locations.CITY_CENTRE.equals(nextType) || Locations.DISTRICT_CARD_OFFICE.equals(nextType)) {
        return nextType; // one of each in the district: no unit to look for
      }
      for (OrgUnit unit : line) {
        if (unit.type().name().equals(nextType)) {
          return Locations.of(unit);
        }
      }
      type = nextType; // no unit of that type on the line (an institution under the card office): one level on
    }
    throw new IllegalStateException("卡片交接路线表（card-route）没有从 " + here + " 出发的" + (DOWN.equals(direction)
        ? "下行" : "上行") + "路线（" + mode + "）");
  }

  private static String typeOf(String location) {
    if (Locations.CITY_CENTRE.equals(location)) {
      return Locations.CITY_CENTRE;
    }
    String code = Locations.unitCode(location);
    if (code == null) {
      throw new IllegalArgumentException("不是交接地点：" + location);
    }
    return Locations.DISTRICT_CARD_OFFICE.equals(location) ? OrgUnitType.DISTRICT_CARD_OFFICE.name()
        : location.substring(0, location.indexOf(':'));
  }
}
