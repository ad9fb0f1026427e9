package cn.panyu.card.citycentre.simulator;

/** The simulated centre refuses a request as a whole: answered {@code status} with {@code {reason, message}}. */
public class SimulatorRefusal extends RuntimeException {

  private final int status;
  private final String reason;

  public SimulatorRefusal(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
