package cn.panyu.card.intake;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The rows intake writes, a chunk per round trip, inside the caller's transaction. The database
 * product is detected once: PostgreSQL gets array-parameter statements ({@code unnest}), which are
 * nearly as fast as COPY; H2 (the embedded default) gets JDBC batches.
 *
 * <p>Claims decide ALREADY_APPLIED: the primary key of applicant_claim settles it, also between two
 * files of the same person arriving at the same moment (the second insert waits for the first
 * transaction, then does nothing), so there is no check-then-insert race.
 */
@Repository
public class IntakeStore {

  /** One accepted row on its way into the application table. */
  public record NewApplication(String applicationNumber, int row, ApplicantData data, Long photoDocumentId) {}

  /** One refused row's reason, with the row's values as written (CSV of the report's columns). */
  public record ErrorRow(int row, String field, String reason, String message, String rowValues) {}

  private final JdbcTemplate jdbc;
  private volatile Boolean postgres;

  public IntakeStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  boolean postgres() {
    if (postgres == null) {
      postgres = jdbc.execute((ConnectionCallback<Boolean>) c ->
          c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
    }
    return postgres;
  }

  public String nextBatchNumber(int year) {
    Long n = jdbc.queryForObject("select nextval('batch_seq')", Long.class);
    return "CB" + year + String.format("%06d", n);
  }

  /** The highest running number of the batch's applications so far (0 for none). */
  public int lastApplicationIndex(String batchNumber) {
    String max = jdbc.queryForObject(
        "select max(application_number) from application where batch_number = ?", String.class, batchNumber);
    return max == null ? 0 : Integer.parseInt(max.substring(max.lastIndexOf('-') + 1));
  }

  public static String applicationNumber(String batchNumber, int index) {
    return batchNumber + "-" + String.format("%07d", index);
  }

  /**
   * Stores a chunk of accepted rows: claims their ID numbers and, for each claim won, the
   * application and its REGISTERED event. Returns the ID numbers whose claim was won; the others
   * were applied for already (ALREADY_APPLIED). On PostgreSQL this is one statement per chunk.
   */
  public Set<String> store(List<NewApplication> apps, String unitCode, String batchNumber, String user,
      Timestamp at) {
    if (apps.isEmpty()) {
      return Set.of();
    }
    if (postgres()) {
      return storePostgres(apps, unitCode, batchNumber, user, at);
    }
    Set<String> won = claim(apps);
    List<NewApplication> winners = apps.stream().filter(a -> won.contains(a.data().idNumber())).toList();
    insertApplications(winners, unitCode, batchNumber, user, at);
    jdbc.batchUpdate("insert into application_event (application_number, at, status, actor, note)"
        + " values (?, ?, 'REGISTERED', ?, ?)", winners, winners.size(), (ps, a) -> {
          ps.setString(1, a.applicationNumber());
          ps.setTimestamp(2, at);
          ps.setString(3, user);
          ps.setString(4, eventNote(batchNumber));
        });
    return won;
  }

  private static String eventNote(String batchNumber) {
    return "集体申请批次 " + batchNumber + " 受理";
  }

  /**
   * Claims, applications and events in one statement: the rows travel once as arrays, the claims
   * are taken in ID-number order (two concurrent files then wait on each other in the same order
   * within a chunk), and only rows whose claim was won are inserted.
   */
  private Set<String> storePostgres(List<NewApplication> apps, String unitCode, String batchNumber, String user,
      Timestamp at) {
    return jdbc.execute((ConnectionCallback<Set<String>>) c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "with input as (select * from unnest(?::varchar[], ?::int[], ?::varchar[], ?::varchar[], ?::varchar[],"
              + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])"
              + " as u(n, r, name, g, id, p, b, res, w, pd)),"
              + " claimed as (insert into applicant_claim (id_number, application_number)"
              + " select id, n from input order by id on conflict (id_number) do nothing"
              + " returning id_number, application_number),"
              + " app as (insert into application (application_number, mode, status, unit_code, batch_number,"
              + " row_number, name, gender, id_number, phone, bank, residency, work_id, photo_source,"
              + " photo_document_id, created_by, created_at, updated_at)"
              + " select i.n, 'COLLECTIVE', 'REGISTERED', ?, ?, i.r, i.name, i.g, i.id, i.p, i.b, i.res, i.w,"
              + " case when i.pd is null then null else 'UPLOAD' end, i.pd, ?, ?, ?"
              + " from input i join claimed c on c.application_number = i.n returning application_number),"
              + " ev as (insert into application_event (application_number, at, status, actor, note)"
              + " select application_number, ?, 'REGISTERED', ?, ? from app)"
              + " select id_number from claimed")) {
        int k = 1;
        ps.setArray(k++, array(c, "varchar", apps.stream().map(NewApplication::applicationNumber).toArray()));
        ps.setArray(k++, array(c, "integer", apps.stream().map(NewApplication::row).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().name()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().gender()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().idNumber()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().phone()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().bank()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().residency()).toArray()));
        ps.setArray(k++, array(c, "varchar", apps.stream().map(a -> a.data().workId()).toArray()));
        ps.setArray(k++, array(c, "bigint", apps.stream().map(NewApplication::photoDocumentId).toArray()));
        ps.setString(k++, unitCode);
        ps.setString(k++, batchNumber);
        ps.setString(k++, user);
        ps.setTimestamp(k++, at);
        ps.setTimestamp(k++, at);
        ps.setTimestamp(k++, at);
        ps.setString(k++, user);
        ps.setString(k, eventNote(batchNumber));
        Set<String> won = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            won.add(rs.getString(1));
          }
        }
        return won;
      }
    });
  }

  /**
   * Claims one ID number for an application (the individual registration): false when it is claimed
   * already (ALREADY_APPLIED). Safe under concurrency: the primary key decides, never a prior check.
   */
  public boolean claimOne(String idNumber, String applicationNumber) {
    if (postgres()) {
      return jdbc.update("insert into applicant_claim (id_number, application_number) values (?, ?)"
          + " on conflict (id_number) do nothing", idNumber, applicationNumber) == 1;
    }
    return !claim(List.of(new NewApplication(applicationNumber, 0,
        new ApplicantData(null, null, idNumber, null, null, null, null), null))).isEmpty();
  }

  /** Gives an ID number free again (a withdrawn application), if this application holds it. */
  public boolean releaseClaim(String idNumber, String applicationNumber) {
    return jdbc.update("delete from applicant_claim where id_number = ? and application_number = ?", idNumber,
        applicationNumber) == 1;
  }

  /**
   * H2: claims by MERGE (a row only where there is none), in a JDBC batch; the update count says
   * whether the claim was won.
   */
  Set<String> claim(List<NewApplication> apps) {
    if (apps.isEmpty()) {
      return Set.of();
    }
    // a fixed order keeps two concurrent files from waiting on each other crosswise within a chunk
    List<NewApplication> sorted = new ArrayList<>(apps);
    sorted.sort((a, b) -> a.data().idNumber().compareTo(b.data().idNumber()));
    int[] counts = jdbc.batchUpdate(
        "merge into applicant_claim c using (values (cast(? as varchar(18)), cast(? as varchar(40)))) "
            + "s(id_number, application_number) on c.id_number = s.id_number "
            + "when not matched then insert (id_number, application_number) values (s.id_number, s.application_number)",
        sorted, sorted.size(), (ps, a) -> {
          ps.setString(1, a.data().idNumber());
          ps.setString(2, a.applicationNumber());
        })[0];
    Set<String> won = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        won.add(sorted.get(i).data().idNumber());
      }
    }
    return won;
  }

  void insertApplications(List<NewApplication> apps, String unitCode, String batchNumber, String user,
      Timestamp at) {
    if (apps.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "insert into application (application_number, mode, status, unit_code, batch_number, row_number, name,"
            + " gender, id_number, phone, bank, residency, work_id, photo_source, photo_document_id,"
            + " created_by, created_at, updated_at) values (?, 'COLLECTIVE', 'REGISTERED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?)",
        apps, apps.size(), (ps, a) -> {
          ps.setString(1, a.applicationNumber());
          ps.setString(2, unitCode);
          ps.setString(3, batchNumber);
          ps.setInt(4, a.row());
          ps.setString(5, a.data().name());
          ps.setString(6, a.data().gender());
          ps.setString(7, a.data().idNumber());
          ps.setString(8, a.data().phone());
          ps.setString(9, a.data().bank());
          ps.setString(10, a.data().residency());
          ps.setString(11, a.data().workId());
          ps.setString(12, a.photoDocumentId() == null ? null : "UPLOAD");
          if (a.photoDocumentId() == null) {
            ps.setNull(13, Types.BIGINT);
          } else {
            ps.setLong(13, a.photoDocumentId());
          }
          ps.setString(14, user);
          ps.setTimestamp(15, at);
          ps.setTimestamp(16, at);
        });
  }

  private static Array array(Connection c, String type, Object[] values) throws java.sql.SQLException {
    return c.createArrayOf(type, values);
  }

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

  public void deleteErrors(String batchNumber) {
    jdbc.update("delete from batch_row_error where batch_number = ?", batchNumber);
  }

  public List<ErrorRow> errors(String batchNumber) {
    return jdbc.query("select row_number, field, reason, message, row_values from batch_row_error"
            + " where batch_number = ? order by row_number, id",
        (rs, i) -> new ErrorRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
        batchNumber);
  }

  public long insertDocument(String kind, String fileName, String contentType, byte[] content, String user,
      Timestamp at) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update(c -> {
      PreparedStatement ps = c.prepareStatement("insert into document (kind, file_name, content_type, content,"
          + " created_at, created_by) values (?, ?, ?, ?, ?, ?)", new String[] {"id"});
      ps.setString(1, kind);
      ps.setString(2, fileName);
      ps.setString(3, contentType);
      ps.setBytes(4, content);
      ps.setTimestamp(5, at);
      ps.setString(6, user);
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  public void replaceDocument(long id, byte[] content, Timestamp at) {
    jdbc.update("update document set content = ?, created_at = ? where id = ?", content, at, id);
  }

  public byte[] documentContent(long id) {
    return jdbc.queryForObject("select content from document where id = ?", byte[].class, id);
  }

  public void insertBatch(String batchNumber, String institutionCode, String fileName, String idColumn,
      String user, Timestamp at) {
    jdbc.update("insert into collective_batch (batch_number, institution_code, status, file_name, id_column,"
        + " accepted, rejected, created_by, created_at) values (?, ?, 'RECEIVED', ?, ?, 0, 0, ?, ?)",
        batchNumber, institutionCode, truncate(fileName, 255), idColumn, user, at);
  }

  /** The batch row, locked for this transaction (re-intakes of one batch run one after another). */
  public BatchRow lockBatch(String batchNumber) {
    List<BatchRow> rows = jdbc.query("select batch_number, institution_code, status, id_column, accepted, rejected,"
            + " error_document_id, process_instance_id from collective_batch where batch_number = ? for update",
        (rs, i) -> batchRow(rs), batchNumber);
    return rows.isEmpty() ? null : rows.get(0);
  }

  public BatchRow findBatch(String batchNumber) {
    List<BatchRow> rows = jdbc.query("select batch_number, institution_code, status, id_column, accepted, rejected,"
            + " error_document_id, process_instance_id from collective_batch where batch_number = ?",
        (rs, i) -> batchRow(rs), batchNumber);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static BatchRow batchRow(ResultSet rs) throws java.sql.SQLException {
    long doc = rs.getLong(7);
    Long documentId = rs.wasNull() ? null : doc;
    return new BatchRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        rs.getInt(6), documentId, rs.getString(8));
  }

  /** What intake keeps about a batch. */
  public record BatchRow(String batchNumber, String institutionCode, String status, String idColumn,
      int accepted, int rejected, Long errorDocumentId, String processInstanceId) {}

  public void updateBatch(String batchNumber, int accepted, int rejected, Long errorDocumentId) {
    jdbc.update("update collective_batch set accepted = ?, rejected = ?, error_document_id = ? where batch_number = ?",
        accepted, rejected, errorDocumentId, batchNumber);
  }

  public void setProcessInstance(String batchNumber, String processInstanceId) {
    jdbc.update("update collective_batch set process_instance_id = ? where batch_number = ?",
        processInstanceId, batchNumber);
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
