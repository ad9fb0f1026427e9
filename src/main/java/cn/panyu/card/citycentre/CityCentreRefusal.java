package cn.panyu.card.citycentre;

/**
 * The City Card Centre answered 4xx with a reason: it refuses the request as such, and sending it again
 * will not help. A delegate turns this into a {@code BpmnError} (error code = {@link #reason()}) that the
 * model handles.
 */
public class CityCentreRefusal extends RuntimeException {

  private final int status;
  private final String reason;

  public CityCentreRefusal(int status, String reason, String message) {
    super("City Card Centre refused (HTTP " + status + ", " + reason + "): " + message);
    this.status = status;
    this.reason = reason;
  }

  /** The centre's stable reason code, e.g. {@code MALFORMED_REQUEST}; {@code HTTP_<status>} if it gave none. */
  public String reason() {
    return reason;
  }

  public int status() {
    return status;
  }
}
