package cn.panyu.card.collective;

import cn.panyu.card.intake.ErrorRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Owner of {@code collective_batch} and {@code batch_row_error}: a batch's file, counts, instance and refused rows. */
@Repository
public class BatchRecords {

  /** What is kept about a batch. */
  public record BatchRecord(String batchNumber, String institutionCode, Stage stage, String idColumn,
      int accepted, int rejected, Long errorDocumentId, String processInstanceId) {}

  /**
   * What the table keeps of a batch's stage: received, or withdrawn by the institution. Where a batch stands as a
   * whole ({@link CollectiveBatches.Status}) is derived from this and its instance.
   */
  public enum Stage { RECEIVED, WITHDRAWN }

  private static final String COLUMNS = "batch_number, institution_code, status, id_column, accepted, rejected,"
      + " error_document_id, process_instance_id";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public BatchRecords(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public String nextBatchNumber(int year) {
    Long n = jdbc.queryForObject("select nextval('batch_seq')", Long.class);
    return "CB" + year + String.format("%06d", n);
  }

  public void insert(String batchNumber, String institutionCode, String fileName, String idColumn, String user,
      Timestamp at) {
    jdbc.update("insert into collective_batch (batch_number, institution_code, status, file_name, id_column,"
        + " accepted, rejected, created_by, created_at) values (?, ?, ?, ?, ?, 0, 0, ?, ?)",
        batchNumber, institutionCode, Stage.RECEIVED.name(), truncate(fileName, 255), idColumn, user, at);
  }

  public BatchRecord find(String batchNumber) {
    List<BatchRecord> rows = jdbc.query("select " + COLUMNS + " from collective_batch where batch_number = ?",
        (rs, i) -> record(rs), batchNumber);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The batch an instance took in from its Tasklist upload, if it did already. */
  public BatchRecord findByProcessInstance(String processInstanceId) {
    List<BatchRecord> rows = jdbc.query("select " + COLUMNS + " from collective_batch where process_instance_id = ?",
        (rs, i) -> record(rs), processInstanceId);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The batch, locked for this transaction (re-intakes of one batch run one after another). */
  public BatchRecord lock(String batchNumber) {
    List<BatchRecord> rows = jdbc.query("select " + COLUMNS + " from collective_batch where batch_number = ?"
        + " for update", (rs, i) -> record(rs), batchNumber);
    return rows.isEmpty() ? null : rows.get(0);
  }

  public void updateCounts(String batchNumber, int accepted, int rejected, Long errorDocumentId) {
    jdbc.update("update collective_batch set accepted = ?, rejected = ?, error_document_id = ? where batch_number = ?",
        accepted, rejected, errorDocumentId, batchNumber);
  }

  public void setProcessInstance(String batchNumber, String processInstanceId) {
    jdbc.update("update collective_batch set process_instance_id = ? where batch_number = ?",
        processInstanceId, batchNumber);
  }

  public void markWithdrawn(String batchNumber) {
    jdbc.update("update collective_batch set status = ?, updated_at = ? where batch_number = ?", Stage.WITHDRAWN.name(),
        Timestamp.from(clock.instant()), batchNumber);
  }

  public String institutionOf(String batchNumber) {
    BatchRecord batch = find(batchNumber);
    return batch == null ? null : batch.institutionCode();
  }

  public int acceptedRows(String batchNumber) {
    return jdbc.queryForObject("select accepted from collective_batch where batch_number = ?", Integer.class,
        batchNumber);
  }

  // ------------------------------------------------------------------ refused rows

  public void insertErrors(String batchNumber, List<ErrorRow> errors) {
    if (errors.isEmpty()) {
      return;
    }
    jdbc.batchUpdate("insert into batch_row_error (batch_number, row_number, field, reason, message, row_values)"
        + " values (?, ?, ?, ?, ?, ?)", errors, errors.size(), (ps, e) -> {
          ps.setString(1, batchNumber);
          ps.setInt(2, e.row());
          ps.setString(3, e.field());
          ps.setString(4, e.reason());
          ps.setString(5, truncate(e.message(), 200));
          ps.setString(6, truncate(e.rowValues(), 1000));
        });
  }

  /** A re-intake replaces the batch's outstanding errors with those of the corrected file. */
  public void deleteErrors(String batchNumber) {
    jdbc.update("delete from batch_row_error where batch_number = ?", batchNumber);
  }

  public List<ErrorRow> errors(String batchNumber) {
    return jdbc.query("select row_number, field, reason, message, row_values from batch_row_error"
            + " where batch_number = ? order by row_number, id",
        (rs, i) -> new ErrorRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
        batchNumber);
  }

  public int rejectedRows(String batchNumber) {
    return jdbc.queryForObject("select count(distinct row_number) from batch_row_error where batch_number = ?",
        Integer.class, batchNumber);
  }

  private static BatchRecord record(ResultSet rs) throws SQLException {
    long doc = rs.getLong(7);
    Long documentId = rs.wasNull() ? null : doc;
    return new BatchRecord(rs.getString(1), rs.getString(2), Stage.valueOf(rs.getString(3)), rs.getString(4),
        rs.getInt(5), rs.getInt(6), documentId, rs.getString(8));
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
