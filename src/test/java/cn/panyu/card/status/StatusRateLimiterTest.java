package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The sliding windows on their own (on an in-memory database), with a clock moved by hand. */
class StatusRateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));

  /** A database with the limiter's table, as Flyway makes it. */
  static DataSource database(String name) {
    DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    new ResourceDatabasePopulator(new ClassPathResource("db/migration/V21__status_rate_limit.sql")).execute(db);
    return db;
  }

  static StatusRateLimiter limiter(DataSource db, StatusProperties.RateLimit limits, Clock clock) {
    StatusRateLimiter limiter = new StatusRateLimiter(new StatusProperties(null, limits), new JdbcTemplate(db),
        new DataSourceTransactionManager(db));
    limiter.setClock(clock);
    return limiter;
  }

  private StatusRateLimiter limiter(int perClient, Duration clientWindow, int perId, Duration idWindow) {
    return limiter(database(UUID.randomUUID().toString()),
        new StatusProperties.RateLimit(perClient, clientWindow, perId, idWindow, 3, Duration.ofSeconds(2)), clock);
  }

  @Test
  void theWindowSlides() {
    StatusRateLimiter limiter = limiter(3, Duration.ofMinutes(1), 5, Duration.ofHours(1));
    assertThat(limiter.tryClient("a")).isNull();
    clock.advance(Duration.ofSeconds(20));
    assertThat(limiter.tryClient("a")).isNull();
    assertThat(limiter.tryClient("a")).isNull();
    // the fourth within the minute waits until the first leaves the window
    assertThat(limiter.tryClient("a")).isEqualTo(Duration.ofSeconds(40));
    // another client is not affected
    assertThat(limiter.tryClient("b")).isNull();
    clock.advance(Duration.ofSeconds(40));
    assertThat(limiter.tryClient("a")).isNull();
    assertThat(limiter.tryClient("a")).isNotNull();
  }

  @Test
  void refusedAttemptsDoNotExtendTheWait() {
    StatusRateLimiter limiter = limiter(10, Duration.ofMinutes(1), 2, Duration.ofHours(1));
    assertThat(limiter.tryIdNumber("x", "a")).isNull();
    assertThat(limiter.tryIdNumber("x", "a")).isNull();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(limiter.tryIdNumber("x", "a")).isNotNull();
    }
    clock.advance(Duration.ofMinutes(40));
    assertThat(limiter.tryIdNumber("x", "a")).isNull();
  }

  @Test
  void oneCallerCannotLockTheOwnerOutOnlySlowEveryoneDown() {
    StatusRateLimiter limiter = limiter(100, Duration.ofMinutes(1), 2, Duration.ofHours(1));
    assertThat(limiter.tryIdNumber("x", "attacker")).isNull();
    assertThat(limiter.tryIdNumber("x", "attacker")).isNull();
    assertThat(limiter.tryIdNumber("x", "attacker")).isNotNull();
    // the owner, from his own phone, is still answered
    assertThat(limiter.tryIdNumber("x", "owner")).isNull();
    // from all callers together: three a window at full speed, then each answer waits, none is refused
    assertThat(limiter.slowDownFor("x")).isZero();
    assertThat(limiter.slowDownFor("x")).isZero();
    assertThat(limiter.slowDownFor("x")).isZero();
    assertThat(limiter.slowDownFor("x")).isEqualTo(Duration.ofSeconds(2));
    assertThat(limiter.slowDownFor("y")).isZero();
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(limiter.slowDownFor("x")).isZero();
  }

  @Test
  void theTableHoldsNoIdNumberAndNoAddress() {
    DataSource db = database("plain");
    StatusRateLimiter limiter = limiter(db, new StatusProperties(null, null).rateLimit(), clock);
    limiter.tryClient("203.0.113.7");
    limiter.tryIdNumber("440113199003071235", "203.0.113.7");
    limiter.slowDownFor("440113199003071235");
    assertThat(new JdbcTemplate(db).queryForList("select bucket || attempts from status_rate_window", String.class))
        .hasSize(3).noneMatch(row -> row.contains("440113") || row.contains("203.0.113"));
  }

  @Test
  void defaultsAreTenAMinutePerClientAndFiveAnHourPerIdNumber() {
    StatusProperties.RateLimit defaults = new StatusProperties(null, null).rateLimit();
    assertThat(defaults.perClient()).isEqualTo(10);
    assertThat(defaults.perClientWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.perIdNumber()).isEqualTo(5);
    assertThat(defaults.perIdNumberWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.slowDownAfter()).isEqualTo(20);
    assertThat(defaults.slowDown()).isEqualTo(Duration.ofSeconds(2));
    assertThat(new StatusProperties(null, null).pageUrl()).isEqualTo("http://localhost:8080/status/");
  }
}
