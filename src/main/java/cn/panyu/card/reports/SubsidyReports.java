package cn.panyu.card.reports;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.reports.SubsidyReport.Line;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Cards issued per town and village in a period, and the subsidy they earn; JSON, CSV or XLSX. */
@Service
public class SubsidyReports {

  private final JdbcTemplate jdbc;
  private final OrgUnitRepository units;
  private final ReportsProperties properties;

  public SubsidyReports(JdbcTemplate jdbc, OrgUnitRepository units, ReportsProperties properties) {
    this.jdbc = jdbc;
    this.units = units;
    this.properties = properties;
  }

  /** The basis for [from, to] (dates inclusive, local time; from null: since the start), all towns. */
  public SubsidyReport basis(LocalDate from, LocalDate to) {
    return basis(from, to, null);
  }

  /** Only these towns (a town user reads his own), without the departments; null: everything. */
  @Transactional(readOnly = true)
  public SubsidyReport basis(LocalDate from, LocalDate to, Set<String> onlyTowns) {
    if (from != null && to.isBefore(from)) {
      throw new IllegalArgumentException("统计期间的结束日期早于开始日期");
    }
    BigDecimal perCard = properties.subsidy().amountPerCard();
    Map<String, OrgUnit> byCode = new HashMap<>();
    units.findAll().forEach(u -> byCode.put(u.code(), u));
    // the bounds go into the statement as literals (they are dates, formatted here): with bind parameters
    // PostgreSQL may reuse a generic plan that probes the events once per application
    String since = from == null ? "" : " and e.at >= " + literal(from.atStartOfDay());
    String until = " and e.at < " + literal(to.plusDays(1).atStartOfDay());
    Map<String, Long> perUnit = new HashMap<>();
    jdbc.query("""
        select a.unit_code, count(*) as c from application a
        where exists (select 1 from application_event e where e.application_number = a.application_number
                      and e.status = 'ISSUED'""" + since + until + """
        )
        group by a.unit_code""", rs -> {
          perUnit.put(rs.getString("unit_code"), rs.getLong("c"));
        });
    boolean all = onlyTowns == null;
    Predicate<String> townFilter = t -> all || onlyTowns.contains(t);
    Map<String, Long> towns = new TreeMap<>();
    Map<String, Long> villages = new TreeMap<>();
    Map<String, Long> departments = new TreeMap<>();
    for (OrgUnit u : byCode.values()) {
      if (u.type() == OrgUnitType.TOWN && townFilter.test(u.code())) {
        towns.put(u.code(), 0L);
      } else if (u.type() == OrgUnitType.DEPARTMENT && all) {
        departments.put(u.code(), 0L);
      }
    }
    perUnit.forEach((code, n) -> {
      OrgUnit u = byCode.get(code);
      if (u == null) {
        return;
      }
      if (u.type() == OrgUnitType.VILLAGE && townFilter.test(u.parentCode())) {
        villages.merge(code, n, Long::sum);
        towns.merge(u.parentCode(), n, Long::sum);
      } else if (u.type() == OrgUnitType.INSTITUTION && all && u.parentCode() != null) {
        departments.merge(u.parentCode(), n, Long::sum);
      }
    });
    List<Line> townLines = new ArrayList<>();
    towns.forEach((code, n) -> townLines.add(line(byCode, code, n, perCard)));
    List<Line> villageLines = new ArrayList<>();
    villages.forEach((code, n) -> villageLines.add(line(byCode, code, n, perCard)));
    villageLines.sort((a, b) -> (a.parentCode() + a.code()).compareTo(b.parentCode() + b.code()));
    List<Line> departmentLines = new ArrayList<>();
    departments.forEach((code, n) -> departmentLines.add(line(byCode, code, n, perCard)));
    long total = townLines.stream().mapToLong(Line::issued).sum()
        + departmentLines.stream().mapToLong(Line::issued).sum();
    return new SubsidyReport(from, to, money(perCard), total, money(perCard.multiply(BigDecimal.valueOf(total))), townLines,
        villageLines, departmentLines);
  }

  private static Line line(Map<String, OrgUnit> byCode, String code, long issued, BigDecimal perCard) {
    OrgUnit u = byCode.get(code);
    OrgUnit parent = u == null || u.parentCode() == null ? null : byCode.get(u.parentCode());
    return new Line(code, u == null ? code : u.name(), parent == null ? null : parent.code(),
        parent == null ? null : parent.name(), issued, money(perCard.multiply(BigDecimal.valueOf(issued))));
  }

  private static String literal(java.time.LocalDateTime moment) {
    return "timestamp '" + moment.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "'";
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(2, java.math.RoundingMode.HALF_UP);
  }

  static final String[] HEADER = {"层级", "镇（街）/部门", "村（居）", "单位代码", "发卡数", "每卡补助（元）", "补助金额（元）"};

  /** CSV in UTF-8 with a byte order mark, so that Excel opens the Chinese text correctly. */
  public byte[] csv(SubsidyReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
        CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
      out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      for (Object[] row : rows(report)) {
        csv.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public byte[] xlsx(SubsidyReport report) {
    // the streaming workbook: a few hundred rows, but written on every request
    try (SXSSFWorkbook book = new SXSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      writeSheet(book.createSheet("补助测算"), report);
      book.write(out);
      book.dispose();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 补助测算 sheet, shared with the progress bulletin. */
  void writeSheet(Sheet sheet, SubsidyReport report) {
    int r = 0;
    sheet.createRow(r++).createCell(0).setCellValue("补助测算：" + period(report) + "；每卡补助 "
        + report.amountPerCard().toPlainString() + " 元（可配置：reports.subsidy.amount-per-card）");
    Row header = sheet.createRow(r++);
    for (int i = 0; i < HEADER.length; i++) {
      header.createCell(i).setCellValue(HEADER[i]);
    }
    for (Object[] values : rows(report)) {
      Row row = sheet.createRow(r++);
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof Number n) {
          row.createCell(i).setCellValue(n.doubleValue());
        } else {
          row.createCell(i).setCellValue(values[i] == null ? "" : values[i].toString());
        }
      }
    }
    for (int i = 0; i < HEADER.length; i++) {
      sheet.setColumnWidth(i, 18 * 256);
    }
  }

  static String period(SubsidyReport report) {
    return (report.from() == null ? "开始至" : report.from() + " 至 ") + report.to();
  }

  private static List<Object[]> rows(SubsidyReport report) {
    List<Object[]> rows = new ArrayList<>();
    for (Line town : report.byTown()) {
      rows.add(new Object[] {"镇街", town.name(), "", town.code(), town.issued(), report.amountPerCard(), town.amount()});
      for (Line v : report.byVillage()) {
        if (town.code().equals(v.parentCode())) {
          rows.add(new Object[] {"村居", town.name(), v.name(), v.code(), v.issued(), report.amountPerCard(), v.amount()});
        }
      }
    }
    for (Line d : report.byDepartment()) {
      rows.add(new Object[] {"部门（集体申领）", d.name(), "", d.code(), d.issued(), report.amountPerCard(), d.amount()});
    }
    rows.add(new Object[] {"合计", "", "", "", report.issued(), report.amountPerCard(), report.amount()});
    return rows;
  }
}
