package cn.panyu.card.application;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Uploaded files (photos, scanned forms, sign-off sheets, reports) kept in the document table. */
@Repository
public class Documents {

  public record Document(long id, String kind, String fileName, String contentType, byte[] content) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public Documents(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public long store(String kind, String fileName, String contentType, byte[] content, String actor) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(c -> {
      PreparedStatement ps = c.prepareStatement("insert into document (kind, file_name, content_type, content,"
          + " created_at, created_by) values (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
      ps.setString(1, kind);
      ps.setString(2, fileName);
      ps.setString(3, contentType);
      ps.setBytes(4, content);
      ps.setTimestamp(5, Timestamp.from(clock.instant()));
      ps.setString(6, actor);
      return ps;
    }, key);
    return ((Number) key.getKeys().get(key.getKeys().containsKey("id") ? "id" : "ID")).longValue();
  }

  /** A new version of a document that is rewritten whole (a batch's error report after a correction). */
  public void replace(long id, byte[] content) {
    jdbc.update("update document set content = ?, created_at = ? where id = ?", content,
        Timestamp.from(clock.instant()), id);
  }

  public byte[] content(long id) {
    return jdbc.queryForObject("select content from document where id = ?", byte[].class, id);
  }

  public Optional<Document> find(long id) {
    return jdbc.query("select id, kind, file_name, content_type, content from document where id = ?",
        (rs, i) -> new Document(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5)), id)
        .stream().findFirst();
  }
}
