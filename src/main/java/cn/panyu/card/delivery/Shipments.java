package cn.panyu.card.delivery;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shipments: the cards (or sign-off sheets) that travel together, leg by leg, one box per next unit, until each is
 * where it belongs: down at the unit that issues it, or back at the City Card Centre. Where an item is follows from
 * its shipment's boxes (received at the receiver, missing back at the sender, else still on the way), so a box
 * short of cards simply leaves the missing ones for the next leg. Owner of {@code shipment} and
 * {@code shipment_item}; the {@code card-shipment} model calls it.
 */
@Service("shipments")
public class Shipments {

  public static final String OPEN = "OPEN";
  public static final String MOVING = "MOVING";
  public static final String ARRIVED = "ARRIVED";

  private final JdbcTemplate jdbc;
  private final HandoverService handovers;
  private final ApplicationRepository applications;
  private final Routes routes;
  private final Arrivals arrivals;
  private final Clock clock;
  private final LocalTime recoveryBoxClosesAt;

  public Shipments(JdbcTemplate jdbc, HandoverService handovers, ApplicationRepository applications, Routes routes,
      Arrivals arrivals, Clock clock, @Value("${delivery.recovery-box-closes-at:17:00}") LocalTime closesAt) {
    this.jdbc = jdbc;
    this.handovers = handovers;
    this.applications = applications;
    this.routes = routes;
    this.arrivals = arrivals;
    this.clock = clock;
    this.recoveryBoxClosesAt = closesAt;
  }

  /** A shipment's row. */
  public record Shipment(String shipmentId, HandoverPurpose purpose, String businessKey, String origin,
      String unitCode, String status, Instant sealAt, Long documentId) {}

  /** Cards the City Card Centre made, to go down to the units that issue them. */
  @Transactional
  public String deliver(String businessKey, List<CardRef> cards) {
    return create(HandoverPurpose.DELIVERY, businessKey, Locations.CITY_CENTRE, null, MOVING, null, null, cards);
  }

  /** Stamped sign-off sheets of an institution (one scan), to go up to the City Card Centre. */
  @Transactional
  public String returnSheets(String businessKey, String unitLocation, List<CardRef> cards, long documentId) {
    return create(HandoverPurpose.SIGN_OFF_SHEETS, businessKey, unitLocation, Locations.unitCode(unitLocation),
        MOVING, null, documentId, cards);
  }

  /**
   * Puts cards into the unit's recovery box of the day (overdue, or with wrong data), which goes up to the City
   * Card Centre when it closes: one box per village or institution and day, counted at every level. Opening
   * boxes is serialised per unit (its org_unit row), so two cards of one village never open two boxes.
   *
   * @return the id of the box if these cards opened it (its {@code card-shipment} must be started), else null
   */
  @Transactional
  public String addToRecoveryBox(String unitLocation, List<CardRef> cards) {
    String unitCode = Locations.unitCode(unitLocation);
    jdbc.queryForList("select code from org_unit where code = ? for update", String.class, unitCode);
    List<String> open = jdbc.queryForList("select shipment_id from shipment where unit_code = ? and purpose = ?"
        + " and status = ?", String.class, unitCode, HandoverPurpose.RECOVERY.name(), OPEN);
    if (!open.isEmpty()) {
      addItems(open.get(0), cards);
      return null;
    }
    ZonedDateTime now = ZonedDateTime.now(clock);
    ZonedDateTime closes = now.with(recoveryBoxClosesAt);
    if (!closes.isAfter(now)) {
      closes = closes.plusDays(1);
    }
    String key = "RECOVERY-" + unitCode + "-" + closes.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    return create(HandoverPurpose.RECOVERY, key, unitLocation, unitCode, OPEN, closes.toInstant(), null, cards);
  }

  public Shipment get(String shipmentId) {
    return jdbc.queryForObject("select * from shipment where shipment_id = ?", (rs, i) -> new Shipment(
        rs.getString("shipment_id"), HandoverPurpose.valueOf(rs.getString("purpose")), rs.getString("business_key"),
        rs.getString("origin"), rs.getString("unit_code"), rs.getString("status"),
        rs.getTimestamp("seal_at") == null ? null : rs.getTimestamp("seal_at").toInstant(),
        (Long) rs.getObject("document_id", Long.class)), shipmentId);
  }

  /** For the model: is the box still taking cards, and until when. */
  public boolean isOpen(String shipmentId) {
    return OPEN.equals(get(shipmentId).status());
  }

  public Date sealAt(String shipmentId) {
    return Date.from(get(shipmentId).sealAt());
  }

  /** The box closes: no card joins it any more (the next one opens a new box) and it leaves. */
  @Transactional
  public void seal(String shipmentId, String processInstanceId) {
    jdbc.update("update shipment set status = ?, process_instance_id = ? where shipment_id = ?", MOVING,
        processInstanceId, shipmentId);
  }

  /**
   * The next leg: every item at rest short of where it belongs goes in a box to its next stop, one box per
   * (place, next stop).
   *
   * @return the boxes' handover ids, for one {@code card-handover} each
   */
  @Transactional
  public List<String> planLeg(String shipmentId, String processInstanceId) {
    Shipment s = get(shipmentId);
    jdbc.update("update shipment set process_instance_id = ? where shipment_id = ?", processInstanceId, shipmentId);
    Map<String, List<CardRef>> boxes = new LinkedHashMap<>();
    for (Item item : items(s)) {
      if (item.position() != null && !item.position().equals(item.destination())) {
        String next = s.purpose() == HandoverPurpose.DELIVERY
            ? routes.nextDown(item.mode(), item.position(), item.issuingUnit())
            : routes.nextUp(item.mode(), item.position());
        boxes.computeIfAbsent(item.position() + ">" + next, k -> new ArrayList<>()).add(item.card());
      }
    }
    if (boxes.isEmpty()) {
      // nothing can move and not everything has arrived: an incident for the card office, not an endless loop
      throw new IllegalStateException("交接批次 " + shipmentId + " 仍有卡片未到达，但没有可以装箱交接的卡片，请核对卡片去向");
    }
    List<String> ids = new ArrayList<>();
    boxes.forEach((leg, cards) -> ids.add(handovers.createBox(s.purpose(), leg.substring(0, leg.indexOf('>')),
        leg.substring(leg.indexOf('>') + 1), cards, "system", shipmentId)));
    return ids;
  }

  /** A box was received: the cards that reached the unit that issues them are there for their holders. */
  @Transactional
  public void recordArrivals(String handoverId) {
    String shipmentId = jdbc.queryForObject("select shipment_id from handover where handover_id = ?", String.class,
        handoverId);
    Shipment s = get(shipmentId);
    if (s.purpose() != HandoverPurpose.DELIVERY) {
      return; // going up, the card-handover's return to the City Card Centre records the end
    }
    for (Item item : items(s)) {
      if (handoverId.equals(item.lastHandoverId()) && item.destination().equals(item.position())) {
        arrivals.arrived(item.application());
      }
    }
  }

  /** Every item is where it belongs. */
  @Transactional
  public boolean hasArrived(String shipmentId) {
    Shipment s = get(shipmentId);
    boolean arrived = items(s).stream().allMatch(i -> i.destination().equals(i.position()));
    if (arrived && !ARRIVED.equals(s.status())) {
      jdbc.update("update shipment set status = ?, arrived_at = ? where shipment_id = ?", ARRIVED,
          Timestamp.from(clock.instant()), shipmentId);
    }
    return arrived;
  }

  public List<CardRef> cards(String shipmentId) {
    return jdbc.query("select card_number, application_number from shipment_item where shipment_id = ?"
        + " order by card_number", (rs, i) -> new CardRef(rs.getString(1), rs.getString(2)), shipmentId);
  }

  /** The business key of the recovery box a card went back in last. */
  public String recoveryBoxOf(String cardNumber) {
    return jdbc.queryForList("select s.business_key from shipment s join shipment_item i on i.shipment_id ="
        + " s.shipment_id where i.card_number = ? and s.purpose = ? order by s.created_at desc", String.class,
        cardNumber, HandoverPurpose.RECOVERY.name()).get(0);
  }

  /** The shipment of a box, or null for a box on its own. */
  public String ofHandover(String handoverId) {
    return jdbc.queryForObject("select shipment_id from handover where handover_id = ?", String.class, handoverId);
  }

  // ----------------------------------------------------------------------------------------------------------

  /** An item, where it is (null: in a box on the way), where it belongs and by which box it last moved. */
  private record Item(CardRef card, Application application, String position, String destination,
      String lastHandoverId) {

    ApplicationMode mode() {
      return application.mode();
    }

    String issuingUnit() {
      return application.unitCode();
    }
  }

  private List<Item> items(Shipment s) {
    List<CardRef> cards = cards(s.shipmentId());
    Map<String, Application> apps = applications.findByCardNumbers(cards.stream().map(CardRef::cardNumber).toList())
        .stream().collect(Collectors.toMap(Application::cardNumber, Function.identity(), (a, b) -> a));
    Map<String, Object[]> lastBox = new LinkedHashMap<>();
    jdbc.query("""
        select i.card_number, h.handover_id, h.from_location, h.to_location, i.received
        from handover h join handover_item i on i.handover_id = h.handover_id
        where h.shipment_id = ? order by h.created_at, h.handover_id""",
        rs -> {
          Object received = rs.getObject(5);
          lastBox.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3), rs.getString(4), received});
        }, s.shipmentId());
    List<Item> items = new ArrayList<>();
    for (CardRef card : cards) {
      Application app = apps.get(card.cardNumber());
      if (app == null && card.applicationNumber() != null) {
        app = applications.get(card.applicationNumber()); // a wrong card: no longer its application's card
      }
      Object[] box = lastBox.get(card.cardNumber());
      String position = box == null ? s.origin()
          : box[3] == null ? null : Boolean.TRUE.equals(box[3]) ? (String) box[2] : (String) box[1];
      String destination = s.purpose() == HandoverPurpose.DELIVERY
          ? Locations.of(arrivals.issuingUnit(app)) : Locations.CITY_CENTRE;
      items.add(new Item(card, app, position, destination, box == null ? null : (String) box[0]));
    }
    return items;
  }

  private String create(HandoverPurpose purpose, String businessKey, String origin, String unitCode, String status,
      Instant sealAt, Long documentId, List<CardRef> cards) {
    if (cards.isEmpty()) {
      throw new IllegalArgumentException("没有要交接的卡片");
    }
    String id = String.format("SH-%06d", jdbc.queryForObject("select nextval('shipment_seq')", Long.class));
    jdbc.update("insert into shipment (shipment_id, purpose, business_key, origin, unit_code, status, seal_at,"
            + " document_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, purpose.name(), businessKey, origin,
        unitCode, status, sealAt == null ? null : Timestamp.from(sealAt), documentId, Timestamp.from(clock.instant()));
    addItems(id, cards);
    return id;
  }

  private void addItems(String shipmentId, List<CardRef> cards) {
    jdbc.batchUpdate("insert into shipment_item (shipment_id, card_number, application_number) values (?, ?, ?)",
        cards.stream().map(c -> new Object[] {shipmentId, c.cardNumber(), c.applicationNumber()}).toList());
  }
}
