package cn.panyu.card.custody;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the custody tests need besides the application: a City Card Centre returns endpoint that records
 * calls and can be told to fail (the real one is a Connect client wired elsewhere), a hook listener that
 * records what it was told, and the org units of the chains.
 */
@TestConfiguration
public class CustodyTestSupport {

  public static final String TOWN = "T900";
  public static final String VILLAGE = "V900";
  public static final String DEPARTMENT = "D900";
  public static final String INSTITUTION = "I900";

  public static final String TOWN_LOC = "TOWN:" + TOWN;
  public static final String VILLAGE_LOC = "VILLAGE:" + VILLAGE;
  public static final String DEPARTMENT_LOC = "DEPARTMENT:" + DEPARTMENT;
  public static final String INSTITUTION_LOC = "INSTITUTION:" + INSTITUTION;

  private static final AtomicInteger cards = new AtomicInteger();

  @Bean
  @Primary
  RecordingCityCentreReturns recordingCityCentreReturns() {
    return new RecordingCityCentreReturns();
  }

  @Bean
  RecordingListener recordingHandoverListener() {
    return new RecordingListener();
  }

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

  public static class RecordingCityCentreReturns implements CityCentreReturns {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public void returnCards(String handoverId, List<String> cardNumbers) {
      if (failing) {
        throw new IllegalStateException("市社保卡管理中心暂时无法访问（测试）");
      }
      calls.add(handoverId + ":" + cardNumbers.size());
    }

    @Override
    public void returnSignOffSheets(String handoverId, List<String> cardNumbers) {
      if (failing) {
        throw new IllegalStateException("市社保卡管理中心暂时无法访问（测试）");
      }
      calls.add(handoverId + ":sheets:" + cardNumbers.size());
    }
  }

  public record Received(Handover handover, List<CardRef> cards) {}

  public static class RecordingListener implements HandoverCompletedListener {
    public final List<Received> received = new CopyOnWriteArrayList<>();

    @Override
    public void onReceived(Handover h, List<CardRef> receivedCards) {
      received.add(new Received(h, receivedCards));
    }

    public Received of(String handoverId) {
      return received.stream().filter(r -> r.handover().handoverId().equals(handoverId)).findFirst().orElse(null);
    }
  }
}
