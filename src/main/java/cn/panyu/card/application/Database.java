package cn.panyu.card.application;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Which database the application runs on, asked once: the bulk writes have a PostgreSQL form and a portable one. */
@Component
public class Database {

  private final JdbcTemplate jdbc;
  private volatile Boolean postgres;

  public Database(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public boolean postgres() {
    if (postgres == null) {
      postgres = jdbc.execute((ConnectionCallback<Boolean>) c ->
          c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
    }
    return postgres;
  }
}
