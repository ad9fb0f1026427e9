package cn.panyu.card.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The basis of the work subsidy (补助测算): cards issued in a period (the ISSUED event of each application,
 * from and to inclusive; from null = since the start) per town and village — individual applications — and
 * per department for the collective ones, times the configured amount per card (reports.subsidy.amount-per-card).
 */
public record SubsidyReport(LocalDate from, LocalDate to, BigDecimal amountPerCard, long issued,
    BigDecimal amount, List<Line> byTown, List<Line> byVillage, List<Line> byDepartment) {

  /** One unit; parentCode/parentName: the town of a village. */
  public record Line(String code, String name, String parentCode, String parentName, long issued,
      BigDecimal amount) {}
}
