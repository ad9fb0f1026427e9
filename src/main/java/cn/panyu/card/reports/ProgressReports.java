package cn.panyu.card.reports;

import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.reports.ProgressReport.Counts;
import cn.panyu.card.reports.ProgressReport.Overdue;
import cn.panyu.card.reports.ProgressReport.OverdueUnit;
import cn.panyu.card.reports.ProgressReport.Row;
import cn.panyu.card.rules.Deadlines;
import java.time.Clock;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Campaign progress from the application table: one grouped pass over (unit, mode, status) — a few hundred
 * rows whatever the number of applications — rolled up the org unit tree in Java.
 */
@Service
public class ProgressReports {

  static final Set<ApplicationStatus> MADE = EnumSet.of(ApplicationStatus.CARD_MADE, ApplicationStatus.IN_TRANSIT,
      ApplicationStatus.AT_ISSUING_UNIT, ApplicationStatus.ISSUED, ApplicationStatus.ACTIVATED,
      ApplicationStatus.RECOVERED);
  static final Set<ApplicationStatus> ISSUED = EnumSet.of(ApplicationStatus.ISSUED, ApplicationStatus.ACTIVATED);

  private final JdbcTemplate jdbc;
  private final OrgUnitRepository units;
  private final Deadlines deadlines;
  private final ReportsProperties properties;
  private final Clock clock;

  public ProgressReports(JdbcTemplate jdbc, OrgUnitRepository units, Deadlines deadlines,
      ReportsProperties properties, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.units = units;
    this.deadlines = deadlines;
    this.properties = properties;
  }

  // not one read-only transaction: evaluating the deadlines table writes the engine's decision history
  public ProgressReport progress() {
    Map<String, OrgUnit> byCode = unitsByCode();
    Map<String, Counts> perUnit = new TreeMap<>();
    Map<String, Counts> perMode = new TreeMap<>();
    Counts[] total = {Counts.ZERO};
    jdbc.query("select unit_code, mode, status, count(*) as c from application group by unit_code, mode, status",
        rs -> {
          Counts c = counts(ApplicationStatus.valueOf(rs.getString("status")), rs.getLong("c"));
          perUnit.merge(rs.getString("unit_code"), c, Counts::plus);
          perMode.merge(rs.getString("mode"), c, Counts::plus);
          total[0] = total[0].plus(c);
        });
    Map<String, Counts> towns = new TreeMap<>();
    Map<String, Counts> departments = new TreeMap<>();
    Map<String, Counts> institutions = new TreeMap<>();
    // every town and department shows, with zeros before its first application
    for (OrgUnit u : byCode.values()) {
      if (u.type() == OrgUnitType.TOWN) {
        towns.put(u.code(), Counts.ZERO);
      } else if (u.type() == OrgUnitType.DEPARTMENT) {
        departments.put(u.code(), Counts.ZERO);
      }
    }
    perUnit.forEach((code, c) -> {
      OrgUnit unit = byCode.get(code);
      if (unit == null) {
        return;
      }
      if (unit.type() == OrgUnitType.VILLAGE && unit.parentCode() != null) {
        towns.merge(unit.parentCode(), c, Counts::plus);
      } else if (unit.type() == OrgUnitType.INSTITUTION) {
        institutions.merge(code, c, Counts::plus);
        if (unit.parentCode() != null) {
          departments.merge(unit.parentCode(), c, Counts::plus);
        }
      } else if (unit.type() == OrgUnitType.TOWN) {
        towns.merge(code, c, Counts::plus);
      } else if (unit.type() == OrgUnitType.DEPARTMENT) {
        departments.merge(code, c, Counts::plus);
      }
    });
    Function<Map<String, Counts>, List<Row>> rows = m -> {
      List<Row> list = new ArrayList<>();
      m.forEach((code, c) -> list.add(Row.of(code, nameOf(byCode, code), c)));
      return list;
    };
    List<Row> modes = new ArrayList<>();
    perMode.forEach((mode, c) -> modes.add(Row.of(mode, modeName(mode), c)));
    return ProgressReport.of(clock.instant(), properties.target(), total[0],
        rows.apply(towns), rows.apply(departments), rows.apply(institutions), modes, overdue(byCode));
  }

  /**
   * Overdue cards by issuing unit: AT_ISSUING_UNIT longer than the COLLECTION escalation period of its mode
   * (deadlines.dmn). Read from the data, not from open tasks: collective cards have no task per card.
   */
  public Overdue overdue() {
    return overdue(unitsByCode());
  }

  private Overdue overdue(Map<String, OrgUnit> byCode) {
    List<OverdueUnit> result = new ArrayList<>();
    for (ApplicationMode mode : ApplicationMode.values()) {
      Instant cutoff = IsoDurations.before(clock.instant(), collectionDeadline(mode));
      // updated_at is the moment of the application's last status change, written in the same statement as
      // the AT_ISSUING_UNIT event (ApplicationRepository.changeStatus): one index range, no look-up per card
      jdbc.query("""
          select unit_code, count(*) as c from application
          where status = 'AT_ISSUING_UNIT' and mode = ? and updated_at < ?
          group by unit_code""", rs -> {
            OrgUnit unit = byCode.get(rs.getString("unit_code"));
            result.add(new OverdueUnit(rs.getString("unit_code"), unit == null ? null : unit.name(),
                unit == null ? null : unit.type().name(), unit == null ? null : unit.parentCode(), mode.name(),
                rs.getLong("c")));
          }, mode.name(), Timestamp.from(cutoff));
    }
    result.sort(Comparator.comparingLong(OverdueUnit::overdue).reversed().thenComparing(OverdueUnit::unitCode));
    return new Overdue(result.stream().mapToLong(OverdueUnit::overdue).sum(), result);
  }

  /**
   * The COLLECTION escalation period of the mode. The deadlines table is read as the application, not as the
   * user: a manager may read the report without the right to evaluate decisions in the engine.
   */
  private String collectionDeadline(ApplicationMode mode) {
    CachedDeadline cached = deadlineCache.get(mode);
    long now = System.nanoTime();
    if (cached != null && now - cached.readAt() < DEADLINE_CACHE_NANOS) {
      return cached.duration();
    }
    String duration = evaluateCollectionDeadline(mode);
    deadlineCache.put(mode, new CachedDeadline(duration, now));
    return duration;
  }

  /** Kept a minute: the metrics read the overdue cards every 30 s, and each evaluation is kept in history. */
  private static final long DEADLINE_CACHE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private record CachedDeadline(String duration, long readAt) {}

  private final Map<ApplicationMode, CachedDeadline> deadlineCache = new java.util.concurrent.ConcurrentHashMap<>();

  private String evaluateCollectionDeadline(ApplicationMode mode) {
    return deadlines.escalateAfter("COLLECTION", mode.name());
  }

  private Map<String, OrgUnit> unitsByCode() {
    Map<String, OrgUnit> map = new LinkedHashMap<>();
    units.findAll().forEach(u -> map.put(u.code(), u));
    return map;
  }

  static Counts counts(ApplicationStatus status, long n) {
    return new Counts(status == ApplicationStatus.REJECTED ? 0 : n, MADE.contains(status) ? n : 0,
        ISSUED.contains(status) ? n : 0, status == ApplicationStatus.ACTIVATED ? n : 0,
        status == ApplicationStatus.INELIGIBLE ? n : 0, status == ApplicationStatus.WITHDRAWN ? n : 0);
  }

  private static String nameOf(Map<String, OrgUnit> byCode, String code) {
    OrgUnit u = byCode.get(code);
    return u == null ? code : u.name();
  }

  static String modeName(String mode) {
    return "COLLECTIVE".equals(mode) ? "集体申领" : "INDIVIDUAL".equals(mode) ? "个人申领" : mode;
  }
}
