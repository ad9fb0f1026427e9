package cn.panyu.card.application;

import cn.panyu.card.intake.ApplicantData;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The applications of an institution's batch, a chunk of accepted rows per round trip, inside the caller's
 * transaction: claims, applications and their REGISTERED events. PostgreSQL gets one statement with array
 * parameters ({@code unnest}), nearly as fast as COPY; H2 (the embedded default) gets JDBC batches.
 */
@Repository
public class BatchRegistrations {

  /** One accepted row on its way into the application table. */
  public record NewApplication(String applicationNumber, int row, ApplicantData data, Long photoDocumentId) {}

  private final JdbcTemplate jdbc;
  private final Database database;
  private final ApplicantClaims claims;

  public BatchRegistrations(JdbcTemplate jdbc, Database database, ApplicantClaims claims) {
    this.jdbc = jdbc;
    this.database = database;
    this.claims = claims;
  }

  /** The number of a batch's index-th application. */
  public static String applicationNumber(String batchNumber, int index) {
    return batchNumber + "-" + String.format("%07d", index);
  }

  /** The highest running number of the batch's applications so far (0 for none). */
  public int lastIndex(String batchNumber) {
    String max = jdbc.queryForObject(
        "select max(application_number) from application where batch_number = ?", String.class, batchNumber);
    return max == null ? 0 : Integer.parseInt(max.substring(max.lastIndexOf('-') + 1));
  }

  /**
   * Stores a chunk of accepted rows: claims their ID numbers and, for each claim won, the application and
   * its REGISTERED event. Returns the ID numbers whose claim was won; the others were applied for already
   * (ALREADY_APPLIED).
   */
  public Set<String> register(List<NewApplication> apps, String unitCode, String batchNumber, String user,
      Timestamp at) {
    if (apps.isEmpty()) {
      return Set.of();
    }
    if (database.postgres()) {
      return registerOnPostgres(apps, unitCode, batchNumber, user, at);
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    apps.forEach(a -> wanted.put(a.data().idNumber(), a.applicationNumber()));
    Set<String> won = claims.claimAll(wanted);
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
   * Claims, applications and events in one statement: the rows travel once as arrays, the claims are taken in
   * ID-number order (two concurrent files then wait on each other in the same order within a chunk), and only
   * rows whose claim was won are inserted.
   */
  private Set<String> registerOnPostgres(List<NewApplication> apps, String unitCode, String batchNumber,
      String user, Timestamp at) {
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

  private void insertApplications(List<NewApplication> apps, String unitCode, String batchNumber, String user,
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

  private static Array array(Connection c, String type, Object[] values) throws SQLException {
    return c.createArrayOf(type, values);
  }
}
