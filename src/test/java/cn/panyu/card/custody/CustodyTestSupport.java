package cn.panyu.card.custody;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Org units of the chains and new cards for the custody tests. The test beans beside it
 * ({@link TestCityCentreReturns}, {@link RecordingHandoverListener}) are plain components of the test tree,
 * so that every test context has them and the custody tests share the one {@code @H2Test} context.
 */
public final class CustodyTestSupport {

  public static final String TOWN = "T900";
  public static final String VILLAGE = "V900";
  public static final String DEPARTMENT = "D900";
  public static final String INSTITUTION = "I900";

  public static final String TOWN_LOC = "TOWN:" + TOWN;
  public static final String VILLAGE_LOC = "VILLAGE:" + VILLAGE;
  public static final String DEPARTMENT_LOC = "DEPARTMENT:" + DEPARTMENT;
  public static final String INSTITUTION_LOC = "INSTITUTION:" + INSTITUTION;

  private static final AtomicInteger cards = new AtomicInteger();

  private CustodyTestSupport() {}

  public static void insertUnits(OrgUnitRepository units) {
    units.insertIfAbsent(new OrgUnit(OrgUnit.CARD_OFFICE_CODE, "区卡办", OrgUnitType.DISTRICT_CARD_OFFICE, null,
        OrgUnit.CARD_OFFICE_CODE));
    units.insertIfAbsent(new OrgUnit(TOWN, "测试镇", OrgUnitType.TOWN, OrgUnit.CARD_OFFICE_CODE,
        OrgUnit.groupIdOf(OrgUnitType.TOWN, TOWN)));
    units.insertIfAbsent(new OrgUnit(VILLAGE, "测试村", OrgUnitType.VILLAGE, TOWN,
        OrgUnit.groupIdOf(OrgUnitType.VILLAGE, VILLAGE)));
    units.insertIfAbsent(new OrgUnit(DEPARTMENT, "测试局", OrgUnitType.DEPARTMENT, OrgUnit.CARD_OFFICE_CODE,
        OrgUnit.groupIdOf(OrgUnitType.DEPARTMENT, DEPARTMENT)));
    units.insertIfAbsent(new OrgUnit(INSTITUTION, "测试学校", OrgUnitType.INSTITUTION, DEPARTMENT,
        OrgUnit.groupIdOf(OrgUnitType.INSTITUTION, INSTITUTION)));
  }

  /** n new cards, made at the City Card Centre. */
  public static List<CardRef> makeCards(CustodyLedger ledger, int n) {
    List<CardRef> made = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = cards.incrementAndGet();
      CardRef card = new CardRef(String.format("C%08d-%s", k, Long.toString(System.nanoTime() % 100000, 36)),
          String.format("A-%08d", k));
      ledger.recordMade(card.cardNumber(), card.applicationNumber());
      made.add(card);
    }
    return made;
  }
}
