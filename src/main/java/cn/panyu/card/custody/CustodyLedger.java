package cn.panyu.card.custody;

import java.time.Clock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The custody ledger: every movement of every card, appended, never changed. Where a card is now is read
 * from its latest row; see {@link MovementKind} and V5__custody.sql for the meaning of each kind.
 * A card in transit stays in the custody of its sender until the receiver records the receipt.
 */
@Service
public class CustodyLedger {

  /** IN lists are cut into chunks: a box can hold tens of thousands of cards. */
  private static final int CHUNK = 500;

  private static final RowMapper<CardMovement> MAPPER = CustodyLedger::map;

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final Clock clock;

  public CustodyLedger(JdbcTemplate jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
  }

  /**
   * The City Card Centre made the card: it is at CITY_CENTRE. Idempotent (a duplicate callback is
   * harmless): returns false and changes nothing when the ledger already knows the card.
   */
  @Transactional
  public boolean recordMade(String cardNumber, String applicationNumber) {
    if (latest(cardNumber).isPresent()) {
      return false;
    }
    append(List.of(new CardRef(cardNumber, applicationNumber)), Map.of(), m -> null,
        Locations.CITY_CENTRE, MovementKind.MADE, null, null);
    return true;
  }

  /** The holder collected the card at the unit that holds it (→ HOLDER). Repeating it changes nothing. */
  @Transactional
  public void recordIssued(String cardNumber, String actor) {
    CardMovement last = require(cardNumber);
    if (last.kind() == MovementKind.ISSUED) {
      return;
    }
    if (last.inTransit() || Locations.unitType(last.location()) == null) {
      throw new IllegalStateException("卡片 " + cardNumber + " 不在发卡单位（当前：" + describe(last) + "），不能登记发放");
    }
    append(List.of(ref(last)), Map.of(cardNumber, last), m -> m.location(), Locations.HOLDER,
        MovementKind.ISSUED, null, actor);
  }

  /**
   * The card went back to the City Card Centre (→ RETURNED). With a handoverId the card must be in transit
   * to CITY_CENTRE in that handover; without one (a card handed back outside a handover) it must be at rest
   * somewhere other than with a holder. Repeating it changes nothing.
   */
  @Transactional
  public void recordReturnedToCityCentre(String cardNumber, String handoverId, String actor) {
    recordReturnedToCityCentre(List.of(cardNumber), handoverId, actor);
  }

  @Transactional
  public void recordReturnedToCityCentre(List<String> cardNumbers, String handoverId, String actor) {
    Map<String, CardMovement> latest = latest(cardNumbers);
    List<CardRef> toReturn = new ArrayList<>();
    for (String card : cardNumbers) {
      CardMovement last = latest.get(card);
      if (last == null) {
        throw new IllegalStateException("台账中没有卡片 " + card);
      }
      if (last.kind() == MovementKind.RETURNED) {
        continue;
      }
      boolean ok = handoverId == null
          ? !last.inTransit() && !Locations.HOLDER.equals(last.location())
          : last.inTransit() && handoverId.equals(last.handoverId())
              && Locations.CITY_CENTRE.equals(last.toLocation());
      if (!ok) {
        throw new IllegalStateException("卡片 " + card + " 不能登记交回市社保卡管理中心（当前：" + describe(last) + "）");
      }
      toReturn.add(ref(last));
    }
    append(toReturn, latest, CardMovement::location, Locations.RETURNED, MovementKind.RETURNED, handoverId, actor);
  }

  /** The location answerable for the card now (for a card in transit: the sender), or null if unknown. */
  public String currentLocation(String cardNumber) {
    return latest(cardNumber).map(CardMovement::location).orElse(null);
  }

  public Optional<CardCustody> custodyOf(String cardNumber) {
    return latest(cardNumber).map(m -> new CardCustody(m.cardNumber(), m.location(), m.inTransit(),
        m.inTransit() ? m.toLocation() : null, m.handoverId()));
  }

  /** Every movement of the card, oldest first. */
  public List<CardMovement> history(String cardNumber) {
    return jdbc.query("select * from card_movement where card_number = ? order by seq", MAPPER, cardNumber);
  }

  public Optional<CardMovement> latest(String cardNumber) {
    return jdbc.query("select * from card_movement where card_number = ? order by seq desc limit 1", MAPPER,
        cardNumber).stream().findFirst();
  }

  /** The latest movement of each of these cards that the ledger knows. */
  public Map<String, CardMovement> latest(Collection<String> cardNumbers) {
    Map<String, CardMovement> result = new HashMap<>();
    List<String> all = List.copyOf(cardNumbers);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
      named.query("select m.* from card_movement m where m.card_number in (:cards) and m.seq = "
              + "(select max(n.seq) from card_movement n where n.card_number = m.card_number)",
          new MapSqlParameterSource("cards", chunk), MAPPER)
          .forEach(m -> result.put(m.cardNumber(), m));
    }
    return result;
  }

  /**
   * Accounts for every card made: the cards the ledger says were made, against where each card is now
   * ({@code card_location}, which every append to the ledger updates in the same transaction). A card in transit is
   * counted under inTransit only, not under its sender's location. Two statements in one snapshot; neither reads
   * the whole ledger: the made cards by the index on {@code kind}, the locations by the index on
   * {@code card_location (kind, to_location)}.
   */
  @Transactional(readOnly = true)
  public CustodyReconciliation reconcile() {
    // MADE is only ever a card's first row (recordMade; unique card_number + seq), so counting the rows counts the cards
    long made = jdbc.queryForObject("select count(*) from card_movement where kind = 'MADE'", Long.class);
    return accounted(made, "select kind, to_location, count(*) as c from card_location group by kind, to_location");
  }

  /**
   * The same account from the ledger alone, each card's latest row read in the order of the index
   * card_movement_card_seq_desc: the check that {@code card_location} says what the ledger says (tests, and an
   * administrator's look after a repair).
   */
  @Transactional(readOnly = true)
  public CustodyReconciliation reconcileFromLedger() {
    long made = jdbc.queryForObject("select count(*) from card_movement where kind = 'MADE'", Long.class);
    return accounted(made, "select x.kind, x.to_location, count(*) as c from (select m.kind, m.to_location"
        + " from card_movement m where m.seq = (select max(n.seq) from card_movement n where n.card_number ="
        + " m.card_number)) x group by x.kind, x.to_location");
  }

  private CustodyReconciliation accounted(long made, String byKindAndLocation) {
    long[] inTransit = {0};
    long[] issued = {0};
    long[] returned = {0};
    Map<String, Long> held = new TreeMap<>();
    jdbc.query(byKindAndLocation, rs -> {
      String kind = rs.getString("kind");
      long count = rs.getLong("c");
      if (MovementKind.HANDED_OVER.name().equals(kind)) {
        inTransit[0] += count;
      } else if (MovementKind.ISSUED.name().equals(kind)) {
        issued[0] += count;
      } else if (MovementKind.RETURNED.name().equals(kind)) {
        returned[0] += count;
      } else {
        held.merge(rs.getString("to_location"), count, Long::sum);
      }
    });
    long accounted = held.values().stream().mapToLong(Long::longValue).sum() + inTransit[0] + issued[0] + returned[0];
    return new CustodyReconciliation(made, held, inTransit[0], issued[0], returned[0], made - accounted);
  }

  /**
   * Appends one movement per card. {@code from} gives each card's from_location from its latest row
   * (null for a card the ledger does not know yet). Package-private: handovers go through HandoverService.
   */
  void append(Collection<CardRef> cards, Map<String, CardMovement> latest,
      java.util.function.Function<CardMovement, String> from, String to, MovementKind kind, String handoverId,
      String actor) {
    if (cards.isEmpty()) {
      return;
    }
    Timestamp at = Timestamp.from(clock.instant());
    List<Object[]> rows = new ArrayList<>(cards.size());
    for (CardRef card : cards) {
      CardMovement last = latest.get(card.cardNumber());
      String application = card.applicationNumber() != null ? card.applicationNumber()
          : last == null ? null : last.applicationNumber();
      rows.add(new Object[] {card.cardNumber(), last == null ? 1 : last.seq() + 1, application, at,
          last == null ? null : from.apply(last), to, kind.name(), handoverId, actor});
    }
    jdbc.batchUpdate("insert into card_movement (card_number, seq, application_number, at, from_location,"
        + " to_location, kind, handover_id, actor) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    // where each card is now, in the same transaction: a new card's row, or its row moved on from the seq read above
    List<Object[]> first = new ArrayList<>();
    List<Object[]> next = new ArrayList<>();
    for (Object[] r : rows) {
      if ((int) r[1] == 1) {
        first.add(new Object[] {r[0], r[1], r[2], r[6], r[4], r[5], r[7], r[3]});
      } else {
        next.add(new Object[] {r[1], r[2], r[6], r[4], r[5], r[7], r[3], r[0], (int) r[1] - 1});
      }
    }
    if (!first.isEmpty()) {
      jdbc.batchUpdate("insert into card_location (card_number, seq, application_number, kind, from_location,"
          + " to_location, handover_id, at) values (?, ?, ?, ?, ?, ?, ?, ?)", first);
    }
    if (!next.isEmpty()) {
      int[] moved = jdbc.batchUpdate("update card_location set seq = ?, application_number = ?, kind = ?,"
          + " from_location = ?, to_location = ?, handover_id = ?, at = ? where card_number = ? and seq = ?", next);
      for (int i = 0; i < moved.length; i++) {
        if (moved[i] == 0) {
          // the ledger's unique (card_number, seq) lets only one writer append a card's next row; a location row
          // behind the ledger would be a bug, never a race
          throw new IllegalStateException("卡片 " + next.get(i)[7] + " 的当前位置与台账不一致");
        }
      }
    }
  }

  private CardMovement require(String cardNumber) {
    return latest(cardNumber).orElseThrow(() -> new IllegalStateException("台账中没有卡片 " + cardNumber));
  }

  private static CardRef ref(CardMovement m) {
    return new CardRef(m.cardNumber(), m.applicationNumber());
  }

  static String describe(CardMovement m) {
    return m.inTransit() ? m.fromLocation() + " → " + m.toLocation() + " 运送中（" + m.handoverId() + "）"
        : m.location();
  }

  private static CardMovement map(ResultSet rs, int i) throws SQLException {
    return new CardMovement(rs.getString("card_number"), rs.getInt("seq"), rs.getString("application_number"),
        rs.getTimestamp("at").toInstant(), rs.getString("from_location"), rs.getString("to_location"),
        MovementKind.valueOf(rs.getString("kind")), rs.getString("handover_id"), rs.getString("actor"));
  }
}
