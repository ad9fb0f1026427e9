package cn.panyu.card.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.reports.ProgressReport.Row;
import cn.panyu.card.support.PostgresTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The report queries on a real PostgreSQL: the same figures as on H2 for the known data set. */
@PostgresTest
class ReportsPostgresTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired ProgressReports progress;
  @Autowired SubsidyReports subsidy;
  @Autowired Bulletins bulletins;
  @Autowired CustodyLedger ledger;

  @Test
  void progressSubsidyOverdueAndBulletinOnPostgres() {
    assertThat(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()))
        .isEqualTo("PostgreSQL");
    // other classes share this database: the totals are compared as what the data set added
    ProgressReport before = progress.progress();
    SubsidyReport marchBefore = subsidy.basis(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
    ReportsTestData data = new ReportsTestData(jdbc, "pg").insert(units);

    ProgressReport report = progress.progress();
    assertThat(report.byTown()).contains(new Row(data.town1(), "测试甲镇", 8, 6, 3, 1, 1, 1),
        new Row(data.town2(), "测试乙镇", 2, 1, 1, 0, 0, 0));
    assertThat(report.byDepartment()).contains(new Row(data.department(), "测试局", 4, 4, 1, 0, 0, 0));
    assertThat(report.applied() - before.applied()).isEqualTo(14);
    assertThat(report.made() - before.made()).isEqualTo(11);
    assertThat(report.issued() - before.issued()).isEqualTo(5);
    assertThat(report.overdue().total() - before.overdue().total()).isEqualTo(2);

    SubsidyReport march = subsidy.basis(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
    assertThat(march.issued() - marchBefore.issued()).isEqualTo(4);
    assertThat(march.amount().subtract(marchBefore.amount())).isEqualByComparingTo("20.00");

    long id = bulletins.build(null);
    assertThat(bulletins.find(id).orElseThrow().issued()).isEqualTo(report.issued());
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }
}
