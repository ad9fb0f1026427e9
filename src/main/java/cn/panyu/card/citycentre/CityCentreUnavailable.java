package cn.panyu.card.citycentre;

/**
 * The City Card Centre could not be reached or did not answer in time (connection refused, timeout,
 * HTTP 5xx, 408, 429). Delegates let it through: the job executor retries the call, and when retries
 * run out the job becomes an incident in Cockpit. Every call is idempotent, so a retry is safe.
 */
public class CityCentreUnavailable extends RuntimeException {

  public CityCentreUnavailable(String message) {
    super(message);
  }

  public CityCentreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
