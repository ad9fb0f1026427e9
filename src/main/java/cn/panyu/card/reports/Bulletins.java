package cn.panyu.card.reports;

import cn.panyu.card.application.Documents;
import java.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Progress bulletins: built from the progress and subsidy reports (an XLSX with the sheets 总体进度, 分镇街,
 * 分部门, 补助测算, and a PNG chart), reviewed by the card office, then published (listed and downloadable).
 */
@Service
public class Bulletins {

  public static final String XLSX_KIND = "BULLETIN_XLSX";
  public static final String CHART_KIND = "BULLETIN_CHART";

  private final JdbcTemplate jdbc;
  private final ProgressReports progress;
  private final SubsidyReports subsidy;
  private final BulletinChart chart;
  private final Documents documents;
  private final Clock clock;

  public Bulletins(JdbcTemplate jdbc, ProgressReports progress, SubsidyReports subsidy, BulletinChart chart,
      Documents documents, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.progress = progress;
    this.subsidy = subsidy;
    this.chart = chart;
    this.documents = documents;
  }

  /** Builds a draft bulletin of the figures as of now and returns its id. */
  @Transactional
  public long build(String processInstanceId) {
    ProgressReport report = progress.progress();
    LocalDate day = report.asOf().atZone(ZoneId.systemDefault()).toLocalDate();
    SubsidyReport basis = subsidy.basis(null, day);
    String title = "社保卡发放进度通报（截至 " + day + "）";
    long xlsx = documents.store(XLSX_KIND, "progress-bulletin-" + day + ".xlsx",
        ReportsController.XLSX.toString(), workbook(report, basis, title), "system");
    long png = documents.store(CHART_KIND, "progress-bulletin-" + day + ".png", "image/png", chart.png(report),
        "system");
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(c -> {
      PreparedStatement ps = c.prepareStatement("insert into report_bulletin (title, as_of, status, target, applied,"
          + " made, issued, activated, xlsx_document_id, chart_document_id, process_instance_id, created_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
      ps.setString(1, title);
      ps.setTimestamp(2, Timestamp.from(report.asOf()));
      ps.setString(3, Bulletin.DRAFT);
      ps.setInt(4, report.target());
      ps.setLong(5, report.applied());
      ps.setLong(6, report.made());
      ps.setLong(7, report.issued());
      ps.setLong(8, report.activated());
      ps.setLong(9, xlsx);
      ps.setLong(10, png);
      ps.setString(11, processInstanceId);
      ps.setTimestamp(12, Timestamp.from(clock.instant()));
      return ps;
    }, key);
    return ((Number) key.getKeys().get(key.getKeys().containsKey("id") ? "id" : "ID")).longValue();
  }

  @Transactional
  public void publish(long id, String reviewer, String remarks) {
    review(id, Bulletin.PUBLISHED, reviewer, remarks);
  }

  /** The reviewer returned it: it is kept, marked discarded, and never listed as published. */
  @Transactional
  public void discard(long id, String reviewer, String remarks) {
    review(id, Bulletin.DISCARDED, reviewer, remarks);
  }

  private void review(long id, String status, String reviewer, String remarks) {
    int changed = jdbc.update("update report_bulletin set status = ?, reviewed_by = ?, review_remarks = ?,"
        + " published_at = ? where id = ? and status = ?", status, reviewer, remarks,
        Bulletin.PUBLISHED.equals(status) ? Timestamp.from(clock.instant()) : null, id,
        Bulletin.DRAFT);
    if (changed == 0 && find(id).map(b -> !status.equals(b.status())).orElse(true)) {
      throw new IllegalStateException("进度通报 " + id + " 不是待审核状态");
    }
  }

  public Optional<Bulletin> find(long id) {
    return jdbc.query("select * from report_bulletin where id = ?", Bulletins::map, id).stream().findFirst();
  }

  /** Published bulletins, newest first. */
  public List<Bulletin> published() {
    return jdbc.query("select * from report_bulletin where status = 'PUBLISHED' order by published_at desc, id desc",
        Bulletins::map);
  }

  public Optional<Documents.Document> document(long documentId) {
    return documents.find(documentId);
  }

  byte[] workbook(ProgressReport r, SubsidyReport basis, String title) {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet overall = book.createSheet("总体进度");
      overall.createRow(0).createCell(0).setCellValue(title);
      String[][] lines = {
          {"目标（张）", String.valueOf(r.target())}, {"已申请", String.valueOf(r.applied())},
          {"已制卡", String.valueOf(r.made())}, {"已发放", String.valueOf(r.issued())},
          {"已激活", String.valueOf(r.activated())}, {"不符合制卡条件", String.valueOf(r.ineligible())},
          {"已撤回", String.valueOf(r.withdrawn())}, {"逾期未领卡", String.valueOf(r.overdue().total())}};
      int i = 2;
      for (String[] line : lines) {
        Row row = overall.createRow(i++);
        row.createCell(0).setCellValue(line[0]);
        row.createCell(1).setCellValue(Long.parseLong(line[1]));
      }
      Row pct = overall.createRow(i++);
      pct.createCell(0).setCellValue("发放完成率");
      pct.createCell(1).setCellValue(BulletinChart.percent(r.issued(), r.target()));
      i++;
      overall.createRow(i++).createCell(0).setCellValue("分申领方式");
      writeRows(overall, i, "申领方式", r.byMode());
      overall.setColumnWidth(0, 20 * 256);
      overall.setColumnWidth(1, 14 * 256);
      writeRows(book.createSheet("分镇街"), 0, "镇（街）", r.byTown());
      writeRows(book.createSheet("分部门"), 0, "职能部门", r.byDepartment());
      subsidy.writeSheet(book.createSheet("补助测算"), basis);
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeRows(Sheet sheet, int first, String unitLabel, List<ProgressReport.Row> rows) {
    String[] header = {"代码", unitLabel, "已申请", "已制卡", "已发放", "已激活", "不符合制卡条件", "已撤回"};
    Row h = sheet.createRow(first);
    for (int c = 0; c < header.length; c++) {
      h.createCell(c).setCellValue(header[c]);
    }
    int r = first + 1;
    for (ProgressReport.Row row : rows) {
      Row x = sheet.createRow(r++);
      x.createCell(0).setCellValue(row.code());
      x.createCell(1).setCellValue(row.name());
      long[] values = {row.applied(), row.made(), row.issued(), row.activated(), row.ineligible(), row.withdrawn()};
      for (int c = 0; c < values.length; c++) {
        x.createCell(2 + c).setCellValue(values[c]);
      }
    }
    if (first == 0) {
      for (int c = 0; c < header.length; c++) {
        sheet.setColumnWidth(c, (c == 1 ? 24 : 14) * 256);
      }
    }
  }

  private static Bulletin map(ResultSet rs, int i) throws SQLException {
    Timestamp published = rs.getTimestamp("published_at");
    return new Bulletin(rs.getLong("id"), rs.getString("title"), rs.getTimestamp("as_of").toInstant(),
        rs.getString("status"), rs.getInt("target"), rs.getLong("applied"), rs.getLong("made"), rs.getLong("issued"),
        rs.getLong("activated"), rs.getLong("xlsx_document_id"), rs.getLong("chart_document_id"),
        rs.getString("process_instance_id"), rs.getString("reviewed_by"), rs.getString("review_remarks"),
        published == null ? null : published.toInstant());
  }
}
