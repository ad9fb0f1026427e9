package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sliding windows on their own, with a clock moved by hand. */
class StatusRateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));

  private StatusRateLimiter limiter(int perClient, Duration clientWindow, int perId, Duration idWindow) {
    StatusRateLimiter limiter = new StatusRateLimiter(new StatusProperties(null,
        new StatusProperties.RateLimit(perClient, clientWindow, perId, idWindow)));
    limiter.setClock(clock);
    return limiter;
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
    assertThat(limiter.tryIdNumber("x")).isNull();
    assertThat(limiter.tryIdNumber("x")).isNull();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(limiter.tryIdNumber("x")).isNotNull();
    }
    clock.advance(Duration.ofMinutes(40));
    assertThat(limiter.tryIdNumber("x")).isNull();
  }

  @Test
  void defaultsAreTenAMinutePerClientAndFiveAnHourPerIdNumber() {
    StatusProperties.RateLimit defaults = new StatusProperties(null, null).rateLimit();
    assertThat(defaults.perClient()).isEqualTo(10);
    assertThat(defaults.perClientWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.perIdNumber()).isEqualTo(5);
    assertThat(defaults.perIdNumberWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(new StatusProperties(null, null).pageUrl()).isEqualTo("http://localhost:8080/status/");
  }
}
