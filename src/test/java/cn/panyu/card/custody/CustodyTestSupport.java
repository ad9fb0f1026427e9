package cn.panyu.card.custody;

import cn.panyu.card.custody.process.CardHandoverProcess;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Org units of the chains, new cards and boxes for the custody tests. The test bean beside it
 * ({@link TestCityCentreReturns}) is a plain component of the test tree, so that every test context has it and
 * the custody tests share the one {@code @H2Test} context.
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

  /** Packs a box and starts its card-handover instance, as a card-shipment's leg does; returns the handover id. */
  public static String send(HandoverService handovers, org.camunda.bpm.engine.RuntimeService runtime,
      HandoverPurpose purpose, String from, String to, List<CardRef> cards, String actor) {
    String id = handovers.createBox(purpose, from, to, cards, actor, null);
    runtime.startProcessInstanceByKey(CardHandoverProcess.PROCESS_KEY, id, CardHandoverProcess.HANDOVER_ID.with(id));
    return id;
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
