package cn.panyu.card.status;

import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.intake.IdNumber;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Application rows at a given status, written straight into the tables (as the processes leave them), for
 * the status look-up tests. They belong to a town and village of their own: other test classes share the
 * database, and the town submissions of their scenarios must not find these rows (they have no instance).
 */
final class StatusTestData {

  static final String TOWN = "status-test-town";
  static final String VILLAGE = "status-test-village";
  static final String NAME = "测试申请人";

  private final JdbcTemplate jdbc;

  StatusTestData(JdbcTemplate jdbc, OrgUnitRepository units) {
    this.jdbc = jdbc;
    units.insertIfAbsent(new OrgUnit(TOWN, "状态测试镇", OrgUnitType.TOWN, null,
        OrgUnit.groupIdOf(OrgUnitType.TOWN, TOWN)));
    units.insertIfAbsent(new OrgUnit(VILLAGE, "状态测试村委会", OrgUnitType.VILLAGE, TOWN,
        OrgUnit.groupIdOf(OrgUnitType.VILLAGE, VILLAGE)));
  }

  /** A valid ID number (Panyu address code, check character right) that no application has yet. */
  String newIdNumber() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (true) {
      String first17 = String.format("440113%04d%02d%02d%03d", 1965 + r.nextInt(40), 1 + r.nextInt(12),
          1 + r.nextInt(28), r.nextInt(1000));
      String id = first17 + IdNumber.checkCharacter(first17);
      Integer n = jdbc.queryForObject("select count(*) from application where id_number = ?", Integer.class, id);
      if (n == 0) {
        return id;
      }
    }
  }

  /** A new application; returns its number. */
  String insert(String idNumber, String phone, ApplicationStatus status, String reason, String cardNumber,
      Instant createdAt) {
    Long n = jdbc.queryForObject("select nextval('application_seq')", Long.class);
    String number = "TS" + String.format("%08d", n);
    Timestamp at = Timestamp.from(createdAt);
    jdbc.update("""
        insert into application (application_number, mode, status, unit_code, name, gender, id_number, phone, bank,
          residency, photo_source, card_number, ineligible_reason, created_by, created_at, updated_at)
        values (?, 'INDIVIDUAL', ?, ?, ?, '男', ?, ?, '中国工商银行', '户籍', 'POLICE', ?, ?, 'test', ?, ?)""",
        number, status.name(), VILLAGE, NAME, idNumber, phone, cardNumber, reason, at, at);
    event(number, status, createdAt);
    return number;
  }

  void event(String applicationNumber, ApplicationStatus status, Instant at) {
    jdbc.update("insert into application_event (application_number, at, status, actor, note) values (?, ?, ?, ?, ?)",
        applicationNumber, Timestamp.from(at), status.name(), "test", null);
  }

  static String phone() {
    return "138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  static String last4(String phone) {
    return phone.substring(phone.length() - 4);
  }
}
