package cn.panyu.card.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The rows of a batch that were refused, one line per row with all its reasons, followed by the
 * row's values under the original headers. The institution corrects the values in this very file
 * and uploads it again: the leading columns (原行号, 退回原因, 原因代码) are extra columns that intake
 * ignores. XLSX (cells as text, so ID numbers keep all 18 characters) or CSV (UTF-8 with BOM, which
 * Excel opens correctly).
 */
public final class ErrorReport {

  private ErrorReport() {}

  public static final String CONTENT_TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String CONTENT_TYPE_CSV = "text/csv; charset=UTF-8";

  static final List<String> LEAD = List.of("原行号", "退回原因", "原因代码");

  /** The values of a row as stored with each error (CSV of the report's data columns). */
  static String encodeValues(Map<String, String> values) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
      List<String> shortened = new ArrayList<>();
      for (String v : values.values()) {
        shortened.add(v == null ? "" : v.length() <= 120 ? v : v.substring(0, 120));
      }
      p.printRecord(shortened);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static List<String> decodeValues(String csv) {
    if (csv == null || csv.isEmpty()) {
      return List.of();
    }
    try {
      List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(csv)).getRecords();
      return records.isEmpty() ? List.of() : records.get(0).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report's header: lead columns, then the data columns of the batch's file. */
  static List<String> header(String idColumn) {
    List<String> h = new ArrayList<>(LEAD);
    h.addAll(List.of(BatchLayout.BANK, BatchLayout.NAME, BatchLayout.GENDER, BatchLayout.ID_NUMBER,
        BatchLayout.PHONE, idColumn, BatchLayout.RESIDENCY, BatchLayout.ENTERPRISE_EMPLOYEE));
    return h;
  }

  /** One line per refused row: its reasons joined, its values. */
  static List<List<String>> lines(List<ErrorRow> errors) {
    Map<Integer, List<ErrorRow>> byRow = new LinkedHashMap<>();
    for (ErrorRow e : errors) {
      byRow.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e);
    }
    List<List<String>> lines = new ArrayList<>();
    for (Map.Entry<Integer, List<ErrorRow>> row : byRow.entrySet()) {
      List<String> line = new ArrayList<>();
      line.add(String.valueOf(row.getKey()));
      line.add(String.join("；", row.getValue().stream().map(ErrorRow::message).toList()));
      line.add(String.join(",", row.getValue().stream().map(ErrorRow::reason).distinct().toList()));
      line.addAll(decodeValues(row.getValue().get(0).rowValues()));
      lines.add(line);
    }
    return lines;
  }

  public static byte[] xlsx(String idColumn, List<ErrorRow> errors) {
    SXSSFWorkbook wb = new SXSSFWorkbook(200);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      DataFormat format = wb.createDataFormat();
      CellStyle text = wb.createCellStyle();
      text.setDataFormat(format.getFormat("@"));
      Sheet sheet = wb.createSheet("退回明细");
      int r = 0;
      write(sheet.createRow(r++), header(idColumn), text);
      for (List<String> line : lines(errors)) {
        write(sheet.createRow(r++), line, text);
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      wb.dispose();
    }
  }

  private static void write(Row row, List<String> values, CellStyle text) {
    for (int i = 0; i < values.size(); i++) {
      Cell cell = row.createCell(i);
      cell.setCellStyle(text);
      cell.setCellValue(values.get(i) == null ? "" : values.get(i));
    }
  }

  /**
   * A spreadsheet opening the CSV would run a cell that starts with = + - @ (or a tab/CR before one) as a
   * formula: such a value, which came from an uploaded file, is given back with a leading apostrophe, as
   * Excel itself writes text. The XLSX report needs nothing: its cells are text cells.
   */
  static String inert(String value) {
    if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      return "'" + value;
    }
    return value;
  }

  public static byte[] csv(String idColumn, List<ErrorRow> errors) {
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      p.printRecord(header(idColumn));
      for (List<String> line : lines(errors)) {
        p.printRecord(line.stream().map(ErrorReport::inert).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
