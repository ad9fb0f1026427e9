package cn.panyu.card.application;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Owner of {@code applicant_claim}: one live application per ID number (a second one is ALREADY_APPLIED).
 * The primary key decides, never a prior check, so two registrations or two files of the same person at the
 * same moment cannot both win: the second insert waits for the first transaction, then does nothing.
 */
@Repository
public class ApplicantClaims {

  private final JdbcTemplate jdbc;
  private final Database database;

  public ApplicantClaims(JdbcTemplate jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  /** Claims one ID number for an application: false when it is claimed already. */
  public boolean claim(String idNumber, String applicationNumber) {
    if (database.postgres()) {
      return jdbc.update("insert into applicant_claim (id_number, application_number) values (?, ?)"
          + " on conflict (id_number) do nothing", idNumber, applicationNumber) == 1;
    }
    return !claimAll(Map.of(idNumber, applicationNumber)).isEmpty();
  }

  /**
   * Claims many ID numbers (ID number → application number) by MERGE, a row only where there is none, in one
   * JDBC batch (H2; PostgreSQL claims a batch's rows in {@link BatchRegistrations}' one statement). Returns
   * the ID numbers whose claim was won.
   */
  Set<String> claimAll(Map<String, String> claims) {
    // a fixed order keeps two concurrent files from waiting on each other crosswise within a chunk
    List<String> ids = new ArrayList<>(claims.keySet());
    ids.sort(null);
    int[] counts = jdbc.batchUpdate(
        "merge into applicant_claim c using (values (cast(? as varchar(18)), cast(? as varchar(40)))) "
            + "s(id_number, application_number) on c.id_number = s.id_number "
            + "when not matched then insert (id_number, application_number) values (s.id_number, s.application_number)",
        ids, ids.size(), (ps, id) -> {
          ps.setString(1, id);
          ps.setString(2, claims.get(id));
        })[0];
    Set<String> won = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        won.add(ids.get(i));
      }
    }
    return won;
  }

  /** Gives the ID number of a withdrawn application free again. */
  public void release(String applicationNumber) {
    jdbc.update("delete from applicant_claim where application_number = ?", applicationNumber);
  }
}
