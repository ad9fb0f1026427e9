package cn.panyu.card.status;

import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.IneligibleReasons;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.rules.Deadlines;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Finds an applicant's latest application by ID number and the last four digits of the phone given at
 * application, and says where it stands in plain words. An unknown ID number and a wrong phone get the
 * same answer, after the same work (one indexed query, one constant-time comparison).
 */
@Service
public class ApplicationStatusLookup {

  /** Compared against when the ID number is unknown, so that both cases do the same comparison. */
  private static final byte[] NO_PHONE = "\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

  private final JdbcTemplate jdbc;
  private final OrgUnitRepository units;
  private final CustodyLedger ledger;
  private final Locations locations;
  private final Deadlines deadlines;
  private final IneligibleReasons reasons;

  public ApplicationStatusLookup(JdbcTemplate jdbc, OrgUnitRepository units, CustodyLedger ledger,
      Locations locations, Deadlines deadlines, IneligibleReasons reasons) {
    this.reasons = reasons;
    this.jdbc = jdbc;
    this.units = units;
    this.ledger = ledger;
    this.locations = locations;
    this.deadlines = deadlines;
  }

  /**
   * @param idNumber a normalised ID number (18 characters)
   * @param phoneLast4 four digits
   * @return the status of the latest application of this ID number, or {@link StatusView#NOT_FOUND}
   */
  public StatusView lookup(String idNumber, String phoneLast4) {
    // only the columns the answer needs: the name is never read
    List<Row> rows = jdbc.query("""
        select application_number, mode, status, unit_code, phone, card_number, ineligible_reason, updated_at
        from application where id_number = ?
        order by created_at desc, application_number desc
        fetch first 1 rows only""",
        (rs, i) -> new Row(rs.getString("application_number"), rs.getString("mode"),
            ApplicationStatus.valueOf(rs.getString("status")), rs.getString("unit_code"), rs.getString("phone"),
            rs.getString("card_number"), rs.getString("ineligible_reason"),
            rs.getTimestamp("updated_at").toInstant()),
        idNumber);
    Row row = rows.isEmpty() ? null : rows.get(0);
    byte[] expected = row == null ? NO_PHONE : lastFourDigits(row.phone());
    boolean phoneMatches = MessageDigest.isEqual(expected, phoneLast4.getBytes(StandardCharsets.US_ASCII));
    if (row == null || !phoneMatches) {
      return StatusView.NOT_FOUND;
    }
    return describe(row);
  }

  private StatusView describe(Row row) {
    String unitName = units.findByCode(row.unitCode()).map(OrgUnit::name).orElse("受理单位");
    StatusTexts.Text text = StatusTexts.of(row.status());
    String advice = StatusTexts.fill(text.advice(), unitName);
    String reason = null;
    String reasonText = null;
    String description = StatusTexts.fill(text.description(), unitName);
    if (row.status() == ApplicationStatus.INELIGIBLE) {
      reason = row.ineligibleReason();
      reasonText = reasons.text(reason);
      advice = reasons.applicantAdvice(reason, unitName);
    }
    String cardLocation = switch (row.status()) {
      case CARD_MADE, IN_TRANSIT, RECOVERED -> cardLocation(row.cardNumber());
      default -> null;
    };
    StatusView.Collection collection = null;
    if (row.status() == ApplicationStatus.AT_ISSUING_UNIT) {
      collection = new StatusView.Collection(unitName, collectBy(row));
      LocalDate until = collection.until();
      description = description + "请在" + until.getYear() + "年" + until.getMonthValue() + "月" + until.getDayOfMonth()
          + "日前领取。";
    }
    return new StatusView(true, null, row.applicationNumber(), row.status().name(), text.title(), description,
        advice, reason, reasonText, unitName, cardLocation, collection, localDate(row.updatedAt()));
  }

  /**
   * The card arrived at the issuing unit (its event), plus the COLLECTION escalation period of the deadlines table
   * in working days: the day the overdue timer of a model that uses {@code deadlines.escalationDate('COLLECTION',
   * mode)} recovers the card.
   */
  private LocalDate collectBy(Row row) {
    List<Timestamp> arrivals = jdbc.queryForList("""
        select at from application_event where application_number = ? and status = 'AT_ISSUING_UNIT'
        order by id desc fetch first 1 rows only""", Timestamp.class, row.applicationNumber());
    Instant arrived = arrivals.isEmpty() ? row.updatedAt() : arrivals.get(0).toInstant();
    Date until = deadlines.escalationDate("COLLECTION", row.mode(), Date.from(arrived));
    return localDate(until.toInstant());
  }

  private String cardLocation(String cardNumber) {
    if (cardNumber == null) {
      return null;
    }
    return ledger.custodyOf(cardNumber).map(c -> c.inTransit()
            ? "正从" + locations.nameOf(c.location()) + "送往" + locations.nameOf(c.inTransitTo())
            : Locations.RETURNED.equals(c.location()) ? locations.nameOf(c.location())
            : "目前在" + locations.nameOf(c.location()))
        .orElse(null);
  }

  private static byte[] lastFourDigits(String phone) {
    String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
    return digits.length() < 4 ? NO_PHONE : digits.substring(digits.length() - 4).getBytes(StandardCharsets.US_ASCII);
  }

  /** A day as the applicant counts it: in the campaign's time zone, not the server's. */
  private LocalDate localDate(Instant instant) {
    return instant.atZone(deadlines.zone()).toLocalDate();
  }

  private record Row(String applicationNumber, String mode, ApplicationStatus status, String unitCode, String phone,
      String cardNumber, String ineligibleReason, Instant updatedAt) {}
}
