package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.PostgresServer;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page's limits across nodes (issue 20): two limiters, each with its own connection pool, on one
 * PostgreSQL database as two nodes of a cluster have; attempts raced from both at once.
 */
class SharedStatusLimitsPostgresTest {

  private static final StatusProperties.RateLimit LIMITS =
      new StatusProperties.RateLimit(10, Duration.ofMinutes(1), 5, Duration.ofHours(1), 20, Duration.ofSeconds(2));
  private static HikariDataSource poolA;
  private static HikariDataSource poolB;

  @BeforeAll
  static void twoNodesOnOneDatabase() {
    String url = PostgresServer.newDatabaseUrl();
    poolA = pool(url);
    poolB = pool(url);
    Flyway.configure().dataSource(poolA).load().migrate();
  }

  @AfterAll
  static void close() {
    poolA.close();
    poolB.close();
  }

  @Test
  void aClientGetsItsLimitOnceWhicheverNodeItReaches() throws Exception {
    StatusRateLimiter a = StatusRateLimiterTest.limiter(poolA, LIMITS, Clock.systemUTC());
    StatusRateLimiter b = StatusRateLimiterTest.limiter(poolB, LIMITS, Clock.systemUTC());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        StatusRateLimiter node = i % 2 == 0 ? a : b;
        attempts.add(() -> node.tryClient("198.51.100.1") == null);
      }
      long allowed = 0;
      for (Future<Boolean> f : threads.invokeAll(attempts)) {
        allowed += f.get() ? 1 : 0;
      }
      assertThat(allowed).as("answered of 40 raced over two nodes").isEqualTo(10);
    } finally {
      threads.shutdownNow();
    }
    // a third node (or a restarted one) knows the window too
    assertThat(StatusRateLimiterTest.limiter(pool(poolA.getJdbcUrl()), LIMITS, Clock.systemUTC())
        .tryClient("198.51.100.1")).isNotNull();
  }

  @Test
  void anIdNumberAndClientAreLimitedAcrossNodesTheOwnerIsNot() {
    StatusRateLimiter a = StatusRateLimiterTest.limiter(poolA, LIMITS, Clock.systemUTC());
    StatusRateLimiter b = StatusRateLimiterTest.limiter(poolB, LIMITS, Clock.systemUTC());
    String id = "440113199003071235";
    for (int i = 0; i < 5; i++) {
      assertThat((i % 2 == 0 ? a : b).tryIdNumber(id, "attacker")).isNull();
    }
    assertThat(a.tryIdNumber(id, "attacker")).isNotNull();
    assertThat(b.tryIdNumber(id, "attacker")).isNotNull();
    assertThat(b.tryIdNumber(id, "owner")).isNull();
  }

  private static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(4);
    return pool;
  }
}
