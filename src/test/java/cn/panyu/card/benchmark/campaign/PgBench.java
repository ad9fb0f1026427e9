package cn.panyu.card.benchmark.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench's single-row-insert rate on the same server and database: the commits per second this machine's
 * PostgreSQL can do at all, the yardstick for the application's own commits.
 */
public final class PgBench {

  public record Result(String command, double tps, String output) {}

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Path PGBENCH = Path.of("/usr/bin/pgbench");

  private PgBench() {}

  /** Debian: apt-get install postgresql-client. */
  public static boolean available() {
    return Files.isExecutable(PGBENCH);
  }

  public static Result singleRowInserts(String host, int port, String database, int clients, int seconds)
      throws IOException, InterruptedException, SQLException {
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("create table if not exists pgbench_single_row (id bigserial primary key, v integer, at timestamp)");
    }
    Path script = Files.createTempFile("single-row-insert", ".sql");
    Files.writeString(script, "insert into pgbench_single_row (v, at) values (1, now());\n");
    List<String> command = List.of(PGBENCH.toString(), "-n", "-h", host, "-p", String.valueOf(port), "-U", "postgres",
        "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds),
        "-f", script.toString(), database);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(seconds + 60L, TimeUnit.SECONDS);
    Matcher m = TPS.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("pgbench printed no rate:\n" + out);
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("drop table pgbench_single_row");
    }
    return new Result(String.join(" ", command), Double.parseDouble(m.group(1)), out);
  }
}
