package cn.panyu.card.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.reports.ProgressReport.Row;
import cn.panyu.card.support.H2Test;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Progress and subsidy figures on a known data set, their exports, and who may read them. */
@H2Test
class ReportsApiTest {

  private static ReportsTestData data;

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired ProgressReports progress;
  @Autowired SubsidyReports subsidy;

  @BeforeEach
  void dataAndUsers() {
    identity.clearAuthentication();
    if (data == null) {
      data = new ReportsTestData(jdbc, "rpa").insert(units);
    }
    ReportsTestData.user(identity, "rpaleader", "leaders");
    ReportsTestData.user(identity, "rpaoffice", "district-card-office");
    ReportsTestData.user(identity, "rpatown", "town-" + data.town1());
    ReportsTestData.user(identity, "rpavillage", "village-" + data.village1());
  }

  @Test
  void progressByTownDepartmentInstitutionAndOverdue() {
    ProgressReport report = progress.progress();
    assertThat(report.target()).isEqualTo(616_000);
    assertThat(row(report.byTown(), data.town1())).isEqualTo(new Row(data.town1(), "测试甲镇", 8, 6, 3, 1, 1, 1));
    assertThat(row(report.byTown(), data.town2())).isEqualTo(new Row(data.town2(), "测试乙镇", 2, 1, 1, 0, 0, 0));
    assertThat(row(report.byDepartment(), data.department()))
        .isEqualTo(new Row(data.department(), "测试局", 4, 4, 1, 0, 0, 0));
    assertThat(row(report.byInstitution(), data.institution()))
        .isEqualTo(new Row(data.institution(), "测试中学", 4, 4, 1, 0, 0, 0));
    // the totals are the sum of the parts
    assertThat(report.byMode().stream().mapToLong(Row::applied).sum()).isEqualTo(report.applied());
    assertThat(report.byMode().stream().mapToLong(Row::made).sum()).isEqualTo(report.made());
    // overdue: one individual card after 100 days (P60D), one collective after 40 days (P30D); not the 5-day one
    assertThat(report.overdue().byUnit()).filteredOn(u -> u.unitCode().startsWith("rpa"))
        .extracting(ProgressReport.OverdueUnit::unitCode, ProgressReport.OverdueUnit::mode,
            ProgressReport.OverdueUnit::overdue)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(data.village1(), "INDIVIDUAL", 1L),
            org.assertj.core.groups.Tuple.tuple(data.institution(), "COLLECTIVE", 1L));
  }

  @Test
  void subsidyBasisCountsIssuedEventsInThePeriodOnce() {
    SubsidyReport march = subsidy.basis(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
    assertThat(march.amountPerCard()).isEqualByComparingTo("5.00");
    assertThat(line(march.byTown(), data.town1()).issued()).isEqualTo(2);
    assertThat(line(march.byTown(), data.town1()).amount()).isEqualByComparingTo("10.00");
    assertThat(line(march.byTown(), data.town2()).issued()).isEqualTo(1);
    assertThat(line(march.byVillage(), data.village1()).issued()).isEqualTo(2);
    assertThat(march.byVillage()).extracting(SubsidyReport.Line::code).doesNotContain(data.village2());
    assertThat(line(march.byDepartment(), data.department()).issued()).isEqualTo(1);
    // the period's ends are inclusive days: April 5th alone
    SubsidyReport april5 = subsidy.basis(LocalDate.of(2026, 4, 5), LocalDate.of(2026, 4, 5));
    assertThat(line(april5.byVillage(), data.village2()).issued()).isEqualTo(1);
    assertThat(line(april5.byTown(), data.town1()).amount()).isEqualByComparingTo(new BigDecimal("5.00"));
  }

  @Test
  @SuppressWarnings("rawtypes")
  void cardOfficeAndLeadersReadTheProgress_aVillageMayNot() {
    ResponseEntity<Map> ok = rest.withBasicAuth("rpaleader", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/progress", Map.class);
    assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ok.getBody()).containsKeys("target", "applied", "made", "issued", "activated", "ineligible",
        "withdrawn", "byTown", "byDepartment", "byInstitution", "byMode", "overdue");
    assertThat(rest.withBasicAuth("rpaoffice", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/progress", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(rest.withBasicAuth("rpavillage", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/progress", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("rpatown", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/progress", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/reports/progress", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void aTownReadsItsOwnSubsidyBasisOnly_aVillageNothing() {
    String query = "/api/reports/subsidy?from=2026-03-01&to=2026-03-31";
    ResponseEntity<Map> town = rest.withBasicAuth("rpatown", ReportsTestData.PASSWORD).getForEntity(query, Map.class);
    assertThat(town.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map> towns = (List<Map>) town.getBody().get("byTown");
    assertThat(towns).extracting(t -> t.get("code")).containsExactly(data.town1());
    assertThat(((Number) town.getBody().get("issued")).longValue()).isEqualTo(2);
    assertThat((List) town.getBody().get("byDepartment")).isEmpty();
    assertThat(rest.withBasicAuth("rpavillage", ReportsTestData.PASSWORD).getForEntity(query, Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map> office = rest.withBasicAuth("rpaoffice", ReportsTestData.PASSWORD)
        .getForEntity(query, Map.class);
    assertThat((List<Map>) office.getBody().get("byTown")).extracting(t -> t.get("code"))
        .contains(data.town1(), data.town2());
    assertThat(rest.withBasicAuth("rpaoffice", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/subsidy?from=2026-03-31&to=2026-03-01", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void subsidyExportsAsCsvAndXlsx() throws Exception {
    String query = "/api/reports/subsidy?from=2026-03-01&to=2026-03-31&format=";
    ResponseEntity<byte[]> csv = rest.withBasicAuth("rpaoffice", ReportsTestData.PASSWORD)
        .getForEntity(query + "csv", byte[].class);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    String text = new String(csv.getBody(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF层级,");
    assertThat(text).contains("镇街,测试甲镇,," + data.town1() + ",2,5.00,10.00");
    assertThat(text).contains("村居,测试甲镇,甲一村," + data.village1() + ",2,5.00,10.00");
    ResponseEntity<byte[]> xlsx = rest.withBasicAuth("rpaoffice", ReportsTestData.PASSWORD)
        .getForEntity(query + "xlsx", byte[].class);
    assertThat(xlsx.getStatusCode()).isEqualTo(HttpStatus.OK);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getBody()))) {
      var sheet = book.getSheet("补助测算");
      boolean found = false;
      for (var row : sheet) {
        if (row.getCell(3) != null && data.town1().equals(row.getCell(3).getStringCellValue())) {
          assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(2.0);
          assertThat(row.getCell(6).getNumericCellValue()).isEqualTo(10.0);
          found = true;
        }
      }
      assertThat(found).isTrue();
    }
  }

  private static Row row(List<Row> rows, String code) {
    return rows.stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
  }

  private static SubsidyReport.Line line(List<SubsidyReport.Line> lines, String code) {
    return lines.stream().filter(l -> l.code().equals(code)).findFirst().orElseThrow();
  }
}
