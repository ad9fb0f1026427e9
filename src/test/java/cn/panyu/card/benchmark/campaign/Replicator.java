package cn.panyu.card.benchmark.campaign;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grows the database to a campaign size without running every application through the processes: the rows the
 * real lifecycles wrote before the first growth (the application's tables, the engine's runtime and history of
 * their instances, their grants and byte arrays) are kept as a snapshot ({@code bench_src_*}) and copied as often
 * as needed, every key rewritten the way the application makes it, so that copies look like earlier applications of
 * the same campaign:
 * <ul>
 *   <li>numbers from the application's sequences ({@code IA…-0001234}, {@code CB2026000012-0000007},
 *       {@code SUB-…-12}, {@code HO-}, {@code SH-}, {@code FB-}, {@code BH…-}) keep their shape and take the next
 *       free range of the sequence, which is then moved past them: new real applications sort after the copies, as
 *       a campaign's newest do after its oldest;</li>
 *   <li>the engine's ids (UUIDs, {@code activity:UUID}) become other UUIDs (hashes), spread through the indexes like
 *       real ones;</li>
 *   <li>ID numbers keep their shape with another region code ({@code 44nnnn…}); card numbers, which the City Card
 *       Centre numbers, become {@code GY…} (sorting before its new {@code GZ…} ones).</li>
 * </ul>
 * Each copy keeps every other value, so the tables hold what a campaign of that size holds: the same mix of
 * statuses, history, waiting instances and their timers, per-instance grants.
 */
public final class Replicator {

  /** Application tables not copied: reference data, documents (immutable, shared by the copies), bookkeeping. */
  private static final Set<String> APP_SKIP = Set.of("org_unit", "document", "flyway_schema_history",
      "report_bulletin", "status_rate_window", "pgbench_single_row");

  /** Engine tables left alone: definitions, identities, meters, batches, schedules, configuration. */
  private static final Set<String> ENGINE_SKIP = Set.of("act_ru_meter_log", "act_ru_task_meter_log", "act_ru_jobdef",
      "act_ru_filter", "act_ru_batch", "act_hi_batch", "act_ru_ext_task", "act_hi_ext_task_log",
      "act_ru_case_execution", "act_ru_case_sentry_part", "act_hi_caseinst", "act_hi_caseactinst",
      "act_ru_authorization");

  /** Engine columns that name something shared (a definition, a user, a BPMN/DMN element): never rewritten. */
  private static final Set<String> ENGINE_KEEP = Set.of("proc_def_id_", "process_def_id_", "deployment_id_",
      "case_def_id_", "dec_def_id_", "dec_req_id_", "decision_def_id_", "decision_requirements_def_id_",
      "tenant_id_", "user_id_", "group_id_", "job_def_id_", "act_id_", "activity_id_", "failed_activity_id_",
      "failed_act_id_", "start_act_id_", "end_act_id_", "start_user_id_", "clause_id_", "rule_id_", "batch_id_",
      "hostname_", "org_id_", "proc_def_key_", "process_def_key_", "assignee_", "owner_", "name_", "type_");

  private static final String[] SEQUENCES = {"application_seq", "batch_seq", "submission_seq", "handover_seq",
      "shipment_seq", "feedback_seq", "replacement_seq"};

  private final javax.sql.DataSource dataSource;
  private final String excludedDefinitionKey;
  /** Per table: rows copied and seconds spent, over all copies so far. */
  public final Map<String, double[]> timings = new TreeMap<>();
  private long stride;
  private long snapshotApplications;
  private List<String> statements;
  public int copies;

  public Replicator(String jdbcUrl, String excludedDefinitionKey) {
    this(new org.springframework.jdbc.datasource.DriverManagerDataSource(jdbcUrl, "postgres", ""),
        excludedDefinitionKey);
  }

  /** {@code excludedDefinitionKey}: a process whose instances are not the campaign's (a benchmark's baseline). */
  public Replicator(javax.sql.DataSource dataSource, String excludedDefinitionKey) {
    this.dataSource = dataSource;
    this.excludedDefinitionKey = excludedDefinitionKey;
  }

  /** Copies the snapshot as often as needed to reach at least {@code target} applications. */
  public void growTo(long target) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      if (statements == null) {
        snapshot(c, s);
      }
      long have = value(s, "select count(*) from application");
      int needed = (int) Math.max(0, Math.ceil((target - have) / (double) snapshotApplications));
      if (needed == 0) {
        return;
      }
      // the first free range of every sequence: copies never meet the numbers real applications took meanwhile
      long maxSeq = 0;
      for (String seq : SEQUENCES) {
        maxSeq = Math.max(maxSeq, value(s, "select last_value from " + seq));
      }
      int first = (int) (maxSeq / stride) + 1;
      copy(first, needed);
      long next = (first + needed) * stride + 1;
      for (String seq : SEQUENCES) {
        s.execute("select setval('" + seq + "', " + next + ")");
      }
      copies += needed;
      s.execute("analyze");
    }
  }

  private void copy(int first, int count) throws SQLException {
    // two sessions, one per core: the tables are independent while no foreign key is checked
    ExecutorService sessions = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    for (int half = 0; half < 2; half++) {
      int h = half;
      done.add(sessions.submit(() -> {
        try (Connection c = connect(); Statement s = c.createStatement()) {
          // copies reference each other in any order: no trigger or foreign-key check while they are written
          s.execute("set session_replication_role = replica");
          for (int copy = first; copy < first + count; copy++) {
            for (int i = h; i < statements.size(); i += 2) {
              String sql = statements.get(i);
              long t0 = System.nanoTime();
              int rows = s.executeUpdate(sql.replace("{n}", String.valueOf(copy)));
              synchronized (timings) {
                timings.merge(sql.split(" ")[2], new double[] {rows, (System.nanoTime() - t0) / 1e9},
                    (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
              }
            }
          }
        }
        return null;
      }));
    }
    sessions.shutdown();
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new SQLException("copying failed", e);
    }
  }

  /** The rows of the real lifecycles so far, frozen as the source of every copy. */
  private void snapshot(Connection c, Statement s) throws SQLException {
    functions(s);
    long maxSeq = 0;
    for (String seq : SEQUENCES) {
      maxSeq = Math.max(maxSeq, value(s, "select last_value from " + seq));
    }
    stride = 1000;
    while (stride <= maxSeq) {
      stride *= 10;
    }
    statements = new ArrayList<>();
    String minimal = "'" + excludedDefinitionKey + "'";
    for (String table : strings(s, "select table_name from information_schema.tables where table_schema ="
        + " current_schema() and table_type = 'BASE TABLE' order by table_name")) {
      if (table.startsWith("bench_") || table.startsWith("sim_")) {
        continue;
      }
      boolean engine = table.startsWith("act_ru_") || table.startsWith("act_hi_");
      if (table.startsWith("act_") && (!engine || ENGINE_SKIP.contains(table)) || APP_SKIP.contains(table)) {
        continue;
      }
      List<String> columns = strings(s, "select column_name from information_schema.columns where table_schema ="
          + " current_schema() and table_name = '" + table + "' order by ordinal_position");
      StringBuilder where = new StringBuilder("true");
      if (engine) {
        // only what belongs to an instance: no schedule timers, start-event subscriptions or definition links
        for (String owner : List.of("proc_inst_id_", "process_instance_id_")) {
          if (columns.contains(owner)) {
            where.append(" and ").append(owner).append(" is not null");
          }
        }
        for (String key : List.of("proc_def_key_", "process_def_key_")) {
          if (columns.contains(key)) {
            where.append(" and coalesce(").append(key).append(", '') <> ").append(minimal);
          }
        }
        if (columns.contains("proc_def_id_") && !columns.contains("proc_def_key_")) {
          where.append(" and coalesce(proc_def_id_, '') not like ").append("'").append(excludedDefinitionKey)
              .append(":%'");
        }
        if (table.endsWith("identitylink") && table.startsWith("act_ru")) {
          where.append(" and task_id_ is not null");
        }
      }
      snapshotTable(s, table, where.toString());
      statements.add(insert(s, table, engine));
    }
    snapshotTable(s, "act_ge_bytearray", "deployment_id_ is null");
    statements.add(insert(s, "act_ge_bytearray", true));
    // the per-instance READ grants (InstanceAccess) of the snapshot's instances
    snapshotTable(s, "act_ru_authorization", "resource_id_ in (select id_ from bench_src_act_hi_procinst)");
    statements.add(insert(s, "act_ru_authorization", true));
    snapshotApplications = value(s, "select count(*) from bench_src_application");
    if (snapshotApplications == 0) {
      throw new IllegalStateException("no applications to copy: the real lifecycles made none yet");
    }
  }

  private void snapshotTable(Statement s, String table, String where) throws SQLException {
    s.execute("drop table if exists bench_src_" + table);
    s.execute("create table bench_src_" + table + " as select * from " + table + " where " + where);
  }

  private String insert(Statement s, String table, boolean engine) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("select column_name, data_type, column_default from information_schema.columns"
        + " where table_schema = current_schema() and table_name = '" + table + "' order by ordinal_position")) {
      while (rs.next()) {
        String col = rs.getString(1);
        String type = rs.getString(2);
        String def = rs.getString(3);
        if (def != null && def.startsWith("nextval(")) {
          continue; // a serial id: the copy gets its own
        }
        columns.add(col);
        boolean text = type.equals("character varying") || type.equals("text") || type.equals("character");
        values.add(text && !(engine && ENGINE_KEEP.contains(col)) ? "bench_copy(" + col + ", {n}, " + "STRIDE)"
            : col);
      }
    }
    return ("insert into " + table + " (" + String.join(", ", columns) + ") select " + String.join(", ", values)
        + " from bench_src_" + table).replace("STRIDE", String.valueOf(stride));
  }

  /** The key rewriting, as SQL functions the copies call. */
  private static void functions(Statement s) throws SQLException {
    s.execute("create or replace function bench_shift(digits text, add bigint) returns text language sql immutable"
        + " as $$ select lpad((digits::bigint + add)::text, greatest(length(digits), length((digits::bigint + add)::text)),"
        + " '0') $$");
    s.execute("create or replace function bench_uuid(v text, n int) returns text language sql immutable as $$"
        + " select substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4)"
        + " || '-' || substr(h, 21, 12) from (select md5(v || '#' || n) as h) x $$");
    s.execute("""
        create or replace function bench_copy(v text, n int, s bigint) returns text language plpgsql immutable as $$
        declare m text[];
        begin
          if v is null or length(v) < 6 then return v; end if;
          if v ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then return bench_uuid(v, n); end if;
          m := regexp_match(v, '^([A-Za-z0-9_#-]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$');
          if m is not null then return m[1] || ':' || bench_uuid(m[2], n); end if;
          m := regexp_match(v, '^(IA|RA)([0-9]+)-([0-9]+)$');
          if m is not null then return m[1] || m[2] || '-' || bench_shift(m[3], n * s); end if;
          m := regexp_match(v, '^CB([0-9]{4})([0-9]{6,})(-[0-9]+)?$');
          if m is not null then return 'CB' || m[1] || bench_shift(m[2], n * s) || coalesce(m[3], ''); end if;
          m := regexp_match(v, '^SUB-(.*)-([0-9]+)$');
          if m is not null then return 'SUB-' || bench_copy(m[1], n, s) || '-' || bench_shift(m[2], n * s); end if;
          m := regexp_match(v, '^(HO|SH|FB)-([0-9]+)$');
          if m is not null then return m[1] || '-' || bench_shift(m[2], n * s); end if;
          m := regexp_match(v, '^BH([0-9]+)-([0-9]+)$');
          if m is not null then return 'BH' || m[1] || '-' || bench_shift(m[2], n * s); end if;
          m := regexp_match(v, '^GZ([0-9]{10})$');
          if m is not null then return 'GY' || bench_shift(m[1], n * 10000000::bigint); end if;
          if v ~ '^[0-9]{17}[0-9Xx]$' then return substr(v, 1, 2) || lpad(n::text, 4, '0') || substr(v, 7); end if;
          return v;
        end $$""");
  }

  public long applications() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      return value(s, "select count(*) from application");
    }
  }

  private Connection connect() throws SQLException {
    return dataSource.getConnection();
  }

  private static long value(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
