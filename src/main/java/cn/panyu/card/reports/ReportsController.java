package cn.panyu.card.reports;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * GET /api/reports/progress (card office, leaders, administrators) and GET /api/reports/subsidy (the same,
 * and a town's group for its own town). The custody reconciliation is GET /api/reports/custody
 * (cn.panyu.card.custody.CustodyReportController).
 */
@RestController
public class ReportsController {

  static final MediaType XLSX = MediaType.parseMediaType(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final ProgressReports progress;
  private final SubsidyReports subsidy;
  private final ReportAccess access;
  private final Clock clock;

  public ReportsController(ProgressReports progress, SubsidyReports subsidy, ReportAccess access, Clock clock) {
    this.clock = clock;
    this.progress = progress;
    this.subsidy = subsidy;
    this.access = access;
  }

  @GetMapping("/api/reports/progress")
  public ProgressReport progress() {
    access.requireAll();
    return progress.progress();
  }

  /** ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive; to defaults to today) [&format=json|csv|xlsx]. */
  @GetMapping("/api/reports/subsidy")
  public ResponseEntity<?> subsidy(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "json") String format) {
    Set<String> towns = null;
    if (!access.readsAll()) {
      towns = access.ownTowns();
      if (towns.isEmpty()) {
        access.requireAll();
      }
    }
    LocalDate until = to == null ? LocalDate.now(clock) : to;
    if (from != null && until.isBefore(from)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "统计期间的结束日期早于开始日期");
    }
    SubsidyReport report = subsidy.basis(from, until, towns);
    String name = "subsidy-" + (from == null ? "start" : from) + "-" + report.to();
    return switch (format) {
      case "csv" -> file(subsidy.csv(report), new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
          name + ".csv");
      case "xlsx" -> file(subsidy.xlsx(report), XLSX, name + ".xlsx");
      case "json" -> ResponseEntity.ok(report);
      default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format 只能是 json、csv 或 xlsx");
    };
  }

  static ResponseEntity<byte[]> file(byte[] content, MediaType type, String fileName) {
    return ResponseEntity.ok().contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
        .body(content);
  }
}
