package cn.panyu.card.reports;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A known data set in units of their own (two towns with three villages, a department with an institution),
 * so that the figures of these units are exact whatever other tests left in the shared database.
 *
 * <pre>
 * village rv1 (town rt1), individual: ISSUED 2026-03-10 (recorded twice), ACTIVATED (issued 2026-03-20),
 *   AT_ISSUING_UNIT for 100 days (overdue: COLLECTION individual = P60D), AT_ISSUING_UNIT for 5 days,
 *   INELIGIBLE, REJECTED
 * village rv2 (town rt1): ISSUED 2026-04-05, WITHDRAWN, RECOVERED
 * village rv3 (town rt2): ISSUED 2026-03-15, SUBMITTED
 * institution ri1 (department rd1), collective: ISSUED 2026-03-12, CARD_MADE,
 *   AT_ISSUING_UNIT for 40 days (overdue: COLLECTION collective = P30D), IN_TRANSIT
 * </pre>
 */
final class ReportsTestData {

  static final String PASSWORD = "secret";

  private final JdbcTemplate jdbc;
  private final String p;
  private int next;

  /** {@code prefix} makes the unit codes and application numbers of one data set unique. */
  ReportsTestData(JdbcTemplate jdbc, String prefix) {
    this.jdbc = jdbc;
    this.p = prefix;
  }

  String town1() {
    return p + "t1";
  }

  String town2() {
    return p + "t2";
  }

  String village1() {
    return p + "v1";
  }

  String village2() {
    return p + "v2";
  }

  String village3() {
    return p + "v3";
  }

  String department() {
    return p + "d1";
  }

  String institution() {
    return p + "i1";
  }

  ReportsTestData insert(OrgUnitRepository units) {
    units.insertIfAbsent(unit(town1(), "测试甲镇", OrgUnitType.TOWN, null));
    units.insertIfAbsent(unit(town2(), "测试乙镇", OrgUnitType.TOWN, null));
    units.insertIfAbsent(unit(village1(), "甲一村", OrgUnitType.VILLAGE, town1()));
    units.insertIfAbsent(unit(village2(), "甲二村", OrgUnitType.VILLAGE, town1()));
    units.insertIfAbsent(unit(village3(), "乙一村", OrgUnitType.VILLAGE, town2()));
    units.insertIfAbsent(unit(department(), "测试局", OrgUnitType.DEPARTMENT, null));
    units.insertIfAbsent(unit(institution(), "测试中学", OrgUnitType.INSTITUTION, department()));

    String v1 = village1();
    app(v1, "INDIVIDUAL", "ISSUED", "ISSUED", day(2026, 3, 10));
    jdbc.update("insert into application_event (application_number, at, status, actor) values (?, ?, 'ISSUED', 'x')",
        p + "-" + next, Timestamp.valueOf(day(2026, 3, 11)));
    app(v1, "INDIVIDUAL", "ACTIVATED", "ISSUED", day(2026, 3, 20));
    app(v1, "INDIVIDUAL", "AT_ISSUING_UNIT", "AT_ISSUING_UNIT", daysAgo(100));
    app(v1, "INDIVIDUAL", "AT_ISSUING_UNIT", "AT_ISSUING_UNIT", daysAgo(5));
    app(v1, "INDIVIDUAL", "INELIGIBLE", "INELIGIBLE", daysAgo(5));
    app(v1, "INDIVIDUAL", "REJECTED", "REJECTED", daysAgo(5));
    app(village2(), "INDIVIDUAL", "ISSUED", "ISSUED", day(2026, 4, 5));
    app(village2(), "INDIVIDUAL", "WITHDRAWN", "WITHDRAWN", daysAgo(3));
    app(village2(), "INDIVIDUAL", "RECOVERED", "RECOVERED", daysAgo(3));
    app(village3(), "INDIVIDUAL", "ISSUED", "ISSUED", day(2026, 3, 15));
    app(village3(), "INDIVIDUAL", "SUBMITTED", "SUBMITTED", daysAgo(3));
    app(institution(), "COLLECTIVE", "ISSUED", "ISSUED", day(2026, 3, 12));
    app(institution(), "COLLECTIVE", "CARD_MADE", "CARD_MADE", daysAgo(3));
    app(institution(), "COLLECTIVE", "AT_ISSUING_UNIT", "AT_ISSUING_UNIT", daysAgo(40));
    app(institution(), "COLLECTIVE", "IN_TRANSIT", "IN_TRANSIT", daysAgo(3));
    return this;
  }

  private void app(String unit, String mode, String status, String eventStatus, LocalDateTime eventAt) {
    String number = p + "-" + (++next);
    // updated_at: the last status change, written together with its event (ApplicationRepository.changeStatus)
    jdbc.update("insert into application (application_number, mode, status, unit_code, name, gender, id_number, bank,"
        + " residency, created_at, updated_at) values (?, ?, ?, ?, '测试', '男', ?, '工商银行', '户籍', ?, ?)",
        number, mode, status, unit, String.format("%018d", next), Timestamp.valueOf(eventAt.minusDays(30)),
        Timestamp.valueOf(eventAt));
    jdbc.update("insert into application_event (application_number, at, status, actor) values (?, ?, 'REGISTERED', 'x')",
        number, Timestamp.valueOf(eventAt.minusDays(30)));
    jdbc.update("insert into application_event (application_number, at, status, actor) values (?, ?, ?, 'x')",
        number, Timestamp.valueOf(eventAt), eventStatus);
  }

  private static LocalDateTime day(int y, int m, int d) {
    return LocalDateTime.of(y, m, d, 10, 30);
  }

  private static LocalDateTime daysAgo(int days) {
    return LocalDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant().minus(Duration.ofDays(days)),
        ZoneId.systemDefault());
  }

  private static OrgUnit unit(String code, String name, OrgUnitType type, String parent) {
    return new OrgUnit(code, name, type, parent, OrgUnit.groupIdOf(type, code));
  }

  static void user(IdentityService identity, String id, String groupId) {
    if (groupId != null && identity.createGroupQuery().groupId(groupId).count() == 0) {
      Group group = identity.newGroup(groupId);
      group.setName(groupId);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setPassword(PASSWORD);
      user.setFirstName(id);
      user.setLastName("测试");
      identity.saveUser(user);
      if (groupId != null) {
        identity.createMembership(id, groupId);
      }
    }
  }
}
