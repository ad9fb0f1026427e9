package cn.panyu.card.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sliding-window limits on status look-ups, kept in the database ({@code status_rate_window}) so that every
 * node of a cluster counts against the same windows and a restart forgets nothing. Every attempt counts,
 * found or not: a limit that counted only known ID numbers would itself tell which ones exist.
 *
 * <ul>
 *   <li>per client address: {@code per-client} look-ups in {@code per-client-window}, then refused;</li>
 *   <li>per ID number and client: {@code per-id-number} in {@code per-id-number-window}, then refused — so one
 *       caller cannot try the phone's last digits in bulk;</li>
 *   <li>per ID number from all clients: above {@code slow-down-after} in the same window each answer is
 *       delayed by {@code slow-down}, never refused, so nobody who knows an ID number can lock its owner out,
 *       while many addresses guessing one ID number together are slowed down.</li>
 * </ul>
 * A window is one row, locked while it is read and written: two nodes never both take the last attempt.
 * Keys are SHA-256 hashes: the table holds no ID number and no address.
 */
@Component
public class StatusRateLimiter {

  /** Every this many attempts a node removes the windows nobody used for longer than the longest window. */
  private static final int PRUNE_EVERY = 500;

  private final StatusProperties.RateLimit limits;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AtomicInteger sincePrune = new AtomicInteger();
  private volatile Clock clock = Clock.systemUTC();

  public StatusRateLimiter(StatusProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.limits = properties.rateLimit();
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Counts an attempt from this client; null when allowed, otherwise how long it must wait. */
  public Duration tryClient(String client) {
    return attempt("client:" + client, limits.perClient(), limits.perClientWindow(), true);
  }

  /** Counts an attempt for this ID number from this client; null when allowed, otherwise how long to wait. */
  public Duration tryIdNumber(String idNumber, String client) {
    return attempt("id+client:" + idNumber + "|" + client, limits.perIdNumber(), limits.perIdNumberWindow(), true);
  }

  /**
   * Counts an attempt for this ID number from any client; the delay to add to the answer (zero below
   * {@code slow-down-after}). Never a refusal.
   */
  public Duration slowDownFor(String idNumber) {
    Duration over = attempt("id:" + idNumber, limits.slowDownAfter(), limits.perIdNumberWindow(), false);
    return over == null ? Duration.ZERO : limits.slowDown();
  }

  /** Tests move time instead of sleeping. */
  void setClock(Clock clock) {
    this.clock = clock;
  }

  /** Forgets every window (tests that share one database start clean). */
  void clear() {
    jdbc.update("delete from status_rate_window");
  }

  /**
   * One attempt against a window. {@code hardLimit}: a refused attempt is not recorded (waiting is what the
   * caller must do; counting it would push the wait out for ever). Otherwise the attempt is recorded either
   * way, and the answer says only whether the window was full.
   */
  private Duration attempt(String key, int limit, Duration window, boolean hardLimit) {
    String bucket = hash(key);
    Instant now = clock.instant();
    long since = now.minus(window).toEpochMilli();
    if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
      sincePrune.set(0);
      prune(now);
    }
    for (int tries = 0; ; tries++) {
      try {
        return tx.execute(status -> {
          List<String> rows = jdbc.queryForList(
              "select attempts from status_rate_window where bucket = ? for update", String.class, bucket);
          List<Long> attempts = new ArrayList<>();
          if (!rows.isEmpty() && !rows.get(0).isEmpty()) {
            Arrays.stream(rows.get(0).split(",")).map(Long::parseLong).filter(t -> t > since).forEach(attempts::add);
          }
          Duration wait = null;
          if (attempts.size() >= limit) {
            Duration left = Duration.ofMillis(attempts.get(0) - since);
            wait = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
            if (hardLimit) {
              return wait;
            }
            attempts.remove(0); // a sliding log of at most "limit" entries
          }
          attempts.add(now.toEpochMilli());
          String log = String.join(",", attempts.stream().map(String::valueOf).toList());
          if (rows.isEmpty()) {
            jdbc.update("insert into status_rate_window (bucket, attempts, updated_at) values (?, ?, ?)", bucket, log,
                Timestamp.from(now));
          } else {
            jdbc.update("update status_rate_window set attempts = ?, updated_at = ? where bucket = ?", log,
                Timestamp.from(now), bucket);
          }
          return wait;
        });
      } catch (DuplicateKeyException e) {
        // another node created the same window at the same moment: its row is there now, lock it
        if (tries >= 3) {
          throw e;
        }
      }
    }
  }

  private void prune(Instant now) {
    Duration longest = limits.perClientWindow().compareTo(limits.perIdNumberWindow()) > 0
        ? limits.perClientWindow() : limits.perIdNumberWindow();
    jdbc.update("delete from status_rate_window where updated_at < ?", Timestamp.from(now.minus(longest)));
  }

  private static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
