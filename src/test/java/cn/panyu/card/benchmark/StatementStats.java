package cn.panyu.card.benchmark;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which SQL statements the database spent its time on during a slice, from pg_stat_statements. Only when the
 * server preloads it ({@code -Dpostgres.settings=shared_preload_libraries=pg_stat_statements}); otherwise every
 * method does nothing. It answers the question the CPU figures raise: what grows with the tables.
 */
public final class StatementStats {

  public record Statement(String query, double callsPerUnit, double msPerUnit, double meanMs) {}

  private final JdbcTemplate jdbc;
  private final boolean on;

  public StatementStats(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.on = jdbc.queryForObject("show shared_preload_libraries", String.class).contains("pg_stat_statements");
    if (on) {
      jdbc.execute("create extension if not exists pg_stat_statements");
    }
  }

  public void reset() {
    if (on) {
      jdbc.execute("select pg_stat_statements_reset()");
    }
  }

  /** The statements with the most execution time since {@link #reset()}, per unit of work (an application, a call). */
  public List<Statement> top(int limit, int units) {
    if (!on) {
      return List.of();
    }
    return jdbc.query("select regexp_replace(query, '\\s+', ' ', 'g'), calls, total_exec_time, mean_exec_time"
            + " from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())"
            + " order by total_exec_time desc limit ?",
        (rs, i) -> new Statement(rs.getString(1), rs.getLong(2) / (double) units,
            rs.getDouble(3) / units, rs.getDouble(4)), limit);
  }

  /**
   * The share of all statement execution time since {@link #reset()} spent in statements on the engine's history
   * tables (ACT_HI_*): the database's side of what full history costs. NaN when off.
   */
  public double historyShare() {
    if (!on) {
      return Double.NaN;
    }
    return jdbc.queryForObject("select coalesce(sum(total_exec_time) filter (where query ~* '\\mACT_HI_'), 0)"
        + " / nullif(sum(total_exec_time), 0) from pg_stat_statements"
        + " where dbid = (select oid from pg_database where datname = current_database())", Double.class);
  }

  /** A markdown list: calls and milliseconds per unit of work, mean milliseconds per call, the statement. */
  public static String format(List<Statement> statements, String unit) {
    StringBuilder s = new StringBuilder();
    for (Statement st : statements) {
      String q = st.query().length() > 160 ? st.query().substring(0, 160) + "…" : st.query();
      s.append(String.format("  - %.2f calls, %.2f ms per %s (%.3f ms each): `%s`%n", st.callsPerUnit(),
          st.msPerUnit(), unit, st.meanMs(), q.replace('`', '\'')));
    }
    return s.toString();
  }
}
