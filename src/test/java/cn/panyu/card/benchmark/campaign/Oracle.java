package cn.panyu.card.benchmark.campaign;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What the harness knows without asking the application: the database read directly on one connection of its own,
 * whose backend the CPU clock leaves out. The robots learn here which units have work (as a clerk hears there is
 * some), the load here how many applications are still under way; nothing here is what a user does.
 */
public final class Oracle implements AutoCloseable {

  private final Connection connection;
  private final JdbcTemplate jdbc;
  public final long backendPid;

  public Oracle(String jdbcUrl) throws SQLException {
    connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
    connection.setAutoCommit(true);
    jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
    backendPid = longValue("select pg_backend_pid()");
  }

  /** The same connection for code written against Spring's JdbcTemplate (statement statistics). */
  public JdbcTemplate jdbc() {
    return jdbc;
  }

  public synchronized long longValue(String sql, Object... args) {
    try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public synchronized String string(String sql, Object... args) {
    try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public synchronized List<String> strings(String sql, Object... args) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return out;
  }

  /** Rows as maps of column label (lower case) to value. */
  public synchronized List<Map<String, Object>> rows(String sql, Object... args) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
        }
        out.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return out;
  }

  public synchronized int update(String sql, Object... args) {
    try (PreparedStatement s = prepare(sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public synchronized void execute(String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public synchronized Timestamp now() {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select localtimestamp")) {
      rs.next();
      return rs.getTimestamp(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
