package cn.panyu.card.reports;

import java.time.Instant;
import java.util.List;

/**
 * Campaign progress (GET /api/reports/progress). Counts are cumulative stages of one funnel, read from each
 * application's current status: {@code applied} = every application that passed intake (all but REJECTED),
 * {@code made} = a card was made (CARD_MADE and every later status, RECOVERED included), {@code issued} =
 * ISSUED or ACTIVATED, {@code activated} = ACTIVATED; {@code ineligible} and {@code withdrawn} are the
 * applications now in those statuses.
 */
public record ProgressReport(Instant asOf, int target, long applied, long made, long issued, long activated,
    long ineligible, long withdrawn, double issuedPercentOfTarget, List<Row> byTown, List<Row> byDepartment,
    List<Row> byInstitution, List<Row> byMode, Overdue overdue) {

  static ProgressReport of(Instant asOf, int target, Counts total, List<Row> byTown, List<Row> byDepartment,
      List<Row> byInstitution, List<Row> byMode, Overdue overdue) {
    // issued cards as a share of the target, in percent with one decimal
    double percent = target == 0 ? 0 : Math.round(total.issued() * 1000.0 / target) / 10.0;
    return new ProgressReport(asOf, target, total.applied(), total.made(), total.issued(), total.activated(),
        total.ineligible(), total.withdrawn(), percent, byTown, byDepartment, byInstitution, byMode, overdue);
  }

  public record Counts(long applied, long made, long issued, long activated, long ineligible, long withdrawn) {

    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

    Counts plus(Counts o) {
      return new Counts(applied + o.applied, made + o.made, issued + o.issued, activated + o.activated,
          ineligible + o.ineligible, withdrawn + o.withdrawn);
    }
  }

  /** One town, department, institution or mode. */
  public record Row(String code, String name, long applied, long made, long issued, long activated, long ineligible,
      long withdrawn) {

    static Row of(String code, String name, Counts c) {
      return new Row(code, name, c.applied(), c.made(), c.issued(), c.activated(), c.ineligible(), c.withdrawn());
    }
  }

  /**
   * Cards waiting at their issuing unit (status AT_ISSUING_UNIT) for longer than the COLLECTION escalation
   * period of the deadlines table for their mode, counted from the card's arrival there (the application's last
   * status change, written with its AT_ISSUING_UNIT event).
   */
  public record Overdue(long total, List<OverdueUnit> byUnit) {}

  public record OverdueUnit(String unitCode, String unitName, String unitType, String parentCode, String mode,
      long overdue) {}
}
