package cn.panyu.card.custody;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Rows of {@code handover} and {@code handover_item}. */
@Repository
public class HandoverRepository {

  private static final RowMapper<Handover> MAPPER = HandoverRepository::map;

  private final JdbcTemplate jdbc;

  public HandoverRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** HO-000123 from handover_seq. */
  String nextId() {
    Long n = jdbc.queryForObject("select nextval('handover_seq')", Long.class);
    return String.format("HO-%06d", n);
  }

  void insert(Handover h, List<CardRef> items, String shipmentId) {
    jdbc.update("insert into handover (handover_id, purpose, from_location, to_location, sent_count, status,"
            + " redispatch_of, created_at, created_by, remarks, shipment_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        h.handoverId(), h.purpose().name(), h.fromLocation(), h.toLocation(), h.sentCount(), h.status().name(),
        h.redispatchOf(), ts(h.createdAt()), h.createdBy(), h.remarks(), shipmentId);
    jdbc.batchUpdate("insert into handover_item (handover_id, card_number, application_number) values (?, ?, ?)",
        items.stream().map(c -> new Object[] {h.handoverId(), c.cardNumber(), c.applicationNumber()}).toList());
  }

  void setProcessInstance(String handoverId, String processInstanceId) {
    jdbc.update("update handover set process_instance_id = ? where handover_id = ?", processInstanceId, handoverId);
  }

  void setReported(String handoverId, int reportedCount, HandoverStatus status, String remarks) {
    jdbc.update("update handover set reported_count = ?, status = ?, remarks = ?"
        + " where handover_id = ?", reportedCount, status.name(), remarks, handoverId);
  }

  /** The box is done: its status, and each item marked received or missing. */
  void complete(String handoverId, HandoverStatus status, List<CardRef> received, String confirmedBy, Instant at,
      String remarks) {
    jdbc.update("update handover set status = ?, received_count = ?, confirmed_by = ?, confirmed_at = ?,"
            + " remarks = ? where handover_id = ?",
        status.name(), received.size(), confirmedBy, ts(at), remarks, handoverId);
    jdbc.update("update handover_item set received = false where handover_id = ?", handoverId);
    jdbc.batchUpdate("update handover_item set received = true where handover_id = ? and card_number = ?",
        received.stream().map(c -> new Object[] {handoverId, c.cardNumber()}).toList());
  }

  public Optional<Handover> find(String handoverId) {
    return jdbc.query("select * from handover where handover_id = ?", MAPPER, handoverId).stream().findFirst();
  }

  public List<CardRef> items(String handoverId) {
    return jdbc.query("select card_number, application_number from handover_item where handover_id = ?"
        + " order by card_number", (rs, i) -> new CardRef(rs.getString(1), rs.getString(2)), handoverId);
  }

  /** Those of the cards that are in a handover of this purpose not yet completed (SENT or DISCREPANCY). */
  List<String> cardsInOpenHandovers(HandoverPurpose purpose, java.util.Collection<String> cardNumbers) {
    List<String> all = List.copyOf(cardNumbers);
    List<String> open = new java.util.ArrayList<>();
    var named = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc);
    for (int i = 0; i < all.size(); i += 500) {
      open.addAll(named.queryForList("select i.card_number from handover_item i join handover h"
          + " on h.handover_id = i.handover_id where h.purpose = :purpose and h.status in ('SENT', 'DISCREPANCY')"
          + " and i.card_number in (:cards)", new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
          .addValue("purpose", purpose.name()).addValue("cards", all.subList(i, Math.min(all.size(), i + 500))),
          String.class));
    }
    return open;
  }

  /** Handovers of a card, oldest first. */
  public List<Handover> findByCard(String cardNumber) {
    return jdbc.query("select h.* from handover h join handover_item i on i.handover_id = h.handover_id"
        + " where i.card_number = ? order by h.created_at, h.handover_id", MAPPER, cardNumber);
  }

  private static Timestamp ts(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Handover map(ResultSet rs, int i) throws SQLException {
    return new Handover(rs.getString("handover_id"), HandoverPurpose.valueOf(rs.getString("purpose")),
        rs.getString("from_location"), rs.getString("to_location"), rs.getInt("sent_count"),
        (Integer) rs.getObject("reported_count", Integer.class), (Integer) rs.getObject("received_count", Integer.class),
        HandoverStatus.valueOf(rs.getString("status")), rs.getString("process_instance_id"),
        rs.getString("redispatch_of"), instant(rs.getTimestamp("created_at")), rs.getString("created_by"),
        rs.getString("confirmed_by"), instant(rs.getTimestamp("confirmed_at")), rs.getString("remarks"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
