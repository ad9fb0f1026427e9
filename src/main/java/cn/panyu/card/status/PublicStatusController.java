package cn.panyu.card.status;

import cn.panyu.card.intake.IdNumber;
import cn.panyu.card.personaldata.Masking;
import cn.panyu.card.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/public/application-status} with {@code {idNumber, phoneLast4}}: the status of the
 * applicant's latest application, without a staff login (ApiAuthenticationFilter lets /api/public/**
 * through). POST keeps the ID number out of URLs and access logs.
 *
 * <p>200 with {@link StatusView} ({@code found: false} for an unknown ID number and a wrong phone alike);
 * 400 for input that cannot be an ID number and four digits; 429 when the client, or the client for this ID
 * number, has made too many attempts (StatusRateLimiter).
 */
@RestController
public class PublicStatusController {

  private static final Logger LOG = LoggerFactory.getLogger(PublicStatusController.class);

  private final ApplicationStatusLookup lookup;
  private final StatusRateLimiter limiter;

  public PublicStatusController(ApplicationStatusLookup lookup, StatusRateLimiter limiter) {
    this.lookup = lookup;
    this.limiter = limiter;
  }

  /** The query. */
  public record StatusQuery(String idNumber, String phoneLast4) {}

  @PostMapping("/api/public/application-status")
  public ResponseEntity<?> lookup(@RequestBody StatusQuery query, HttpServletRequest request) {
    // the client's address as this server sees it; behind a reverse proxy set
    // server.forward-headers-strategy=native so that it is the caller's, not the proxy's
    String client = request.getRemoteAddr();
    Duration wait = limiter.tryClient(client);
    if (wait != null) {
      LOG.info("status look-ups from {} limited", client);
      return tooMany(wait);
    }
    String idNumber = IdNumber.normalise(query.idNumber());
    String phoneLast4 = query.phoneLast4() == null ? null : query.phoneLast4().trim();
    if (!IdNumber.hasFormat(idNumber) || !IdNumber.hasValidCheck(idNumber)) {
      return refuse("ID_NUMBER", "请输入正确的18位身份证号码（最后一位可能是 X）。");
    }
    if (phoneLast4 == null || !phoneLast4.matches("[0-9]{4}")) {
      return refuse("PHONE_LAST4", "请输入申请时所留手机号码的后4位数字。");
    }
    wait = limiter.tryIdNumber(idNumber, client);
    if (wait != null) {
      LOG.info("status look-ups for {} from {} limited", Masking.idNumber(idNumber), client);
      return tooMany(wait);
    }
    // many callers asking about one ID number are slowed down, never refused: its owner is never locked out
    Duration delay = limiter.slowDownFor(idNumber);
    if (!delay.isZero()) {
      LOG.info("status look-ups for {} slowed down", Masking.idNumber(idNumber));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    StatusView view = lookup.lookup(idNumber, phoneLast4);
    LOG.debug("status look-up for {}: {}", Masking.idNumber(idNumber), view.found() ? view.status() : "not found");
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
  }

  private static ResponseEntity<ApiError> refuse(String reason, String message) {
    return ResponseEntity.badRequest().cacheControl(CacheControl.noStore()).body(new ApiError(reason, message));
  }

  private static ResponseEntity<ApiError> tooMany(Duration wait) {
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    String when = seconds < 120 ? seconds + " 秒" : (seconds + 59) / 60 + " 分钟";
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .cacheControl(CacheControl.noStore())
        .body(new ApiError("TOO_MANY_ATTEMPTS", "查询次数过多，请 " + when + "后再试。"));
  }
}
