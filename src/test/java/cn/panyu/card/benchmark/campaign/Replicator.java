package cn.panyu.card.benchmark.campaign;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Grows the database to a campaign size without running every application through the processes: the
 * rows the real runs wrote (the application's tables and the engine's runtime and history of their
 * instances) are copied with new keys. A copy keeps every other value, so the tables hold what a campaign
 * of that size holds: the same mix of statuses, history, waiting timers and per-instance grants.
 *
 * <p>Keys get the prefix {@code zNN} for copy NN, so every reference between the copied rows stays consistent
 * (ID numbers, whose column is full, have their first three characters replaced: the rest tells them apart).
 * Real rows never start with 'z' (UUIDs are hexadecimal; activity ids, application and card numbers start
 * otherwise).
 */
public final class Replicator {

  /** The application's tables: the key columns of each (the first one tells real rows from copies). */
  private static final Map<String, List<String>> APPLICATION_TABLES = new LinkedHashMap<>();

  static {
    APPLICATION_TABLES.put("application", List.of("application_number", "id_number", "batch_number",
        "submission_id", "card_number", "process_instance_id"));
    APPLICATION_TABLES.put("applicant_claim", List.of("id_number", "application_number"));
    APPLICATION_TABLES.put("application_event", List.of("application_number"));
    APPLICATION_TABLES.put("notification", List.of("application_number"));
    APPLICATION_TABLES.put("collective_batch", List.of("batch_number", "process_instance_id"));
    APPLICATION_TABLES.put("batch_row_error", List.of("batch_number"));
    APPLICATION_TABLES.put("submission", List.of("submission_id", "process_instance_id", "batch_number"));
    APPLICATION_TABLES.put("handover", List.of("handover_id", "process_instance_id", "redispatch_of"));
    APPLICATION_TABLES.put("handover_item", List.of("handover_id", "card_number", "application_number"));
    APPLICATION_TABLES.put("card_movement", List.of("card_number", "application_number", "handover_id"));
  }

  /** Engine tables left alone: definitions, identities, meters, batches, schedules, configuration. */
  private static final Set<String> ENGINE_SKIP = Set.of("act_ru_meter_log", "act_ru_task_meter_log", "act_ru_jobdef",
      "act_ru_filter", "act_ru_batch", "act_hi_batch", "act_ru_ext_task", "act_hi_ext_task_log",
      "act_ru_case_execution", "act_ru_case_sentry_part", "act_hi_caseinst", "act_hi_caseactinst",
      "act_ru_authorization");

  /** Engine columns ending in ID_ that name something shared (a definition, a user, a BPMN/DMN element). */
  private static final Set<String> ENGINE_KEEP = Set.of("proc_def_id_", "process_def_id_", "deployment_id_",
      "case_def_id_", "dec_def_id_", "dec_req_id_", "decision_def_id_", "decision_requirements_def_id_",
      "tenant_id_", "user_id_", "group_id_", "job_def_id_", "act_id_", "activity_id_", "failed_activity_id_",
      "failed_act_id_", "start_act_id_", "end_act_id_", "start_user_id_", "clause_id_", "rule_id_", "batch_id_",
      "hostname_", "org_id_");

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  /** Per table: rows copied and seconds spent, over all copies so far. */
  public final Map<String, double[]> timings = new java.util.TreeMap<>();

  public Replicator(JdbcTemplate jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  /** The applications a copy adds: the real ones. */
  public long realApplications() {
    return jdbc.queryForObject("select count(*) from application where " + real("application_number"), Long.class);
  }

  public long applications() {
    return jdbc.queryForObject("select count(*) from application", Long.class);
  }

  /** Copies the real rows as often as needed to reach at least {@code target} applications; returns the copies. */
  public int growTo(long target, int firstCopy) throws SQLException {
    long real = realApplications();
    int copies = (int) Math.max(0, Math.ceil((target - applications()) / (double) real));
    List<String> statements;
    try (Connection c = dataSource.getConnection()) {
      statements = statements(c);
    }
    // two sessions, one per core: the tables are independent while no foreign key is checked
    java.util.concurrent.ExecutorService sessions = java.util.concurrent.Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int half = 0; half < 2; half++) {
      int h = half;
      done.add(sessions.submit(() -> {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
          // copies reference each other in any order: no trigger or foreign-key check while they are written
          s.execute("set session_replication_role = replica");
          for (int copy = firstCopy; copy < firstCopy + copies; copy++) {
            for (int i = h; i < statements.size(); i += 2) {
              String sql = statements.get(i);
              long t0 = System.nanoTime();
              int rows = s.executeUpdate(sql.replace("{copy}", String.format("z%02d", copy)));
              synchronized (timings) {
                timings.merge(sql.split(" ")[2], new double[] {rows, (System.nanoTime() - t0) / 1e9},
                    (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
              }
            }
          }
          s.execute("set session_replication_role = origin");
        }
        return null;
      }));
    }
    sessions.shutdown();
    try {
      for (var f : done) {
        f.get();
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new SQLException("copying failed", e);
    }
    jdbc.execute("analyze");
    return copies;
  }

  private List<String> statements(Connection c) throws SQLException {
    List<String> sql = new ArrayList<>();
    APPLICATION_TABLES.forEach((table, keys) -> sql.add(copy(c, table, keys::contains, Set.of("id"),
        real(keys.get(0)))));
    for (String table : jdbc.queryForList("select table_name from information_schema.tables where table_schema ="
        + " current_schema() and (table_name like 'act_ru_%' or table_name like 'act_hi_%') order by table_name",
        String.class)) {
      if (ENGINE_SKIP.contains(table)) {
        continue;
      }
      List<String> columns = columns(table);
      StringBuilder where = new StringBuilder(real("id_"));
      // only what belongs to an instance: no schedule timers, start-event subscriptions or definition links
      for (String owner : List.of("proc_inst_id_", "process_instance_id_")) {
        if (columns.contains(owner)) {
          where.append(" and ").append(owner).append(" is not null");
        }
      }
      // the benchmark's own minimal process is not part of a campaign
      for (String key : List.of("proc_def_key_", "process_def_key_")) {
        if (columns.contains(key)) {
          where.append(" and coalesce(").append(key).append(", '') <> '").append(MinimalProcess.ASYNC).append("'");
        }
      }
      if (table.endsWith("identitylink")) {
        where.append(" and task_id_ is not null");
      }
      sql.add(copy(c, table, Replicator::isEngineKey, Set.of(), where.toString()));
    }
    sql.add(copy(c, "act_ge_bytearray", Replicator::isEngineKey, Set.of(), real("id_") + " and deployment_id_ is null"));
    // the per-instance READ grants (InstanceAccess) of the copied instances
    sql.add(copy(c, "act_ru_authorization", col -> col.equals("id_") || col.equals("resource_id_"), Set.of(),
        real("id_") + " and resource_id_ in (select id_ from act_hi_procinst where " + real("id_") + ")"));
    return sql;
  }

  private static boolean isEngineKey(String column) {
    return (column.equals("id_") || column.endsWith("_id_") || column.equals("business_key_")
        || column.equals("super_exec_") || column.equals("var_scope_") || column.equals("parent_id_"))
        && !ENGINE_KEEP.contains(column);
  }

  private String copy(Connection c, String table, java.util.function.Predicate<String> isKey, Set<String> omit,
      String where) {
    List<String> columns = columns(table).stream().filter(col -> !omit.contains(col)).toList();
    List<String> varchar = jdbc.queryForList("select column_name from information_schema.columns where table_schema"
        + " = current_schema() and table_name = ? and data_type = 'character varying'", String.class, table);
    List<String> values = columns.stream().map(col -> isKey.test(col) && varchar.contains(col)
        ? copyOf(col) : col).toList();
    return "insert into " + table + " (" + String.join(", ", columns) + ") select " + String.join(", ", values)
        + " from " + table + " where " + where;
  }

  /**
   * The key of the copy. Engine keys end in a time-based UUID whose last characters (the node) are the same
   * in every id of a run, so a key too long for the prefix gets the mark there instead.
   */
  private static String copyOf(String col) {
    if (col.equals("id_number")) {
      return "'{copy}' || substr(id_number, 4)";
    }
    return "case when length(" + col + ") <= 61 then '{copy}' || " + col + " else substr(" + col + ", 1, length("
        + col + ") - 3) || '{copy}' end";
  }

  private static String real(String key) {
    return key + " not like 'z%' and " + key + " not like '%z__'";
  }

  private List<String> columns(String table) {
    return jdbc.queryForList("select column_name from information_schema.columns where table_schema ="
        + " current_schema() and table_name = ? order by ordinal_position", String.class, table);
  }
}
