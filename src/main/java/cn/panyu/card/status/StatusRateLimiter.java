package cn.panyu.card.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Sliding-window limits on status look-ups, per client address and per ID number, so that nobody can try
 * phone digits or ID numbers in bulk. Every attempt counts, found or not: a limit that counted only known
 * ID numbers would itself tell which ones exist.
 *
 * <p>The windows live in this node's memory: they are lost on restart, and in a cluster each node counts
 * on its own (a client spread over n nodes gets n times the limit). A shared limit would need a shared
 * store (a table or a cache), which one node does not need.
 */
@Component
public class StatusRateLimiter {

  /** Above this many keys, windows that have emptied are dropped (an attacker's one-off keys). */
  private static final int PRUNE_ABOVE = 10_000;

  private final StatusProperties.RateLimit limits;
  private final Map<String, Deque<Instant>> byClient = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> byIdNumber = new ConcurrentHashMap<>();
  private volatile Clock clock = Clock.systemUTC();

  public StatusRateLimiter(StatusProperties properties) {
    this.limits = properties.rateLimit();
  }

  /** Counts an attempt from this client; null when allowed, otherwise how long it must wait. */
  public Duration tryClient(String client) {
    return attempt(byClient, client, limits.perClient(), limits.perClientWindow());
  }

  /** Counts an attempt for this ID number; null when allowed, otherwise how long to wait. */
  public Duration tryIdNumber(String idNumber) {
    return attempt(byIdNumber, idNumber, limits.perIdNumber(), limits.perIdNumberWindow());
  }

  /** Tests move time instead of sleeping. */
  void setClock(Clock clock) {
    this.clock = clock;
  }

  /** Forgets every window (tests that share one application context start clean). */
  void clear() {
    byClient.clear();
    byIdNumber.clear();
  }

  private Duration attempt(Map<String, Deque<Instant>> windows, String key, int limit, Duration window) {
    Instant now = clock.instant();
    Instant since = now.minus(window);
    if (windows.size() > PRUNE_ABOVE) {
      prune(windows, since);
    }
    Deque<Instant> attempts = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (attempts) {
      while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(since)) {
        attempts.pollFirst();
      }
      if (attempts.size() >= limit) {
        Duration wait = Duration.between(now, attempts.peekFirst().plus(window));
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
      }
      attempts.addLast(now);
      return null;
    }
  }

  private static void prune(Map<String, Deque<Instant>> windows, Instant since) {
    windows.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().isEmpty() || !e.getValue().peekLast().isAfter(since);
      }
    });
  }
}
