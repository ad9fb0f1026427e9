package cn.panyu.card.citycentre.simulator;

import java.time.Duration;

/**
 * How the simulator misbehaves, for tests (configuration {@code card-centre.simulator.faults.*} or
 * PUT /ccc/v1/_simulator/faults). A connection refused is not a switch: stop the standalone simulator,
 * or point {@code card-centre.base-url} at a port where nothing listens.
 *
 * @param latency added before every exchange API call is answered (beyond the client's read-timeout = a timeout)
 * @param errorRate share (0..1) of exchange API calls answered 503
 * @param failNextCalls the next N exchange API calls are answered 503 (counts down)
 * @param loseCallbacks results and activations are not called back (polling still has the results)
 * @param duplicateCallbacks every callback is sent twice
 * @param outOfOrderCallbacks a submission's results come one callback per application, last one first
 * @param randomSeed seed of the error-rate dice, so that a run is repeatable
 */
public record FaultSettings(
    Duration latency,
    Double errorRate,
    Integer failNextCalls,
    Boolean loseCallbacks,
    Boolean duplicateCallbacks,
    Boolean outOfOrderCallbacks,
    Long randomSeed) {

  public static final FaultSettings NONE = new FaultSettings(Duration.ZERO, 0.0, 0, false, false, false, 42L);

  /** Missing values mean "no fault", so that a PUT names only the faults it wants. */
  public FaultSettings {
    latency = latency == null ? Duration.ZERO : latency;
    errorRate = errorRate == null ? 0.0 : errorRate;
    failNextCalls = failNextCalls == null ? 0 : failNextCalls;
    loseCallbacks = loseCallbacks != null && loseCallbacks;
    duplicateCallbacks = duplicateCallbacks != null && duplicateCallbacks;
    outOfOrderCallbacks = outOfOrderCallbacks != null && outOfOrderCallbacks;
    randomSeed = randomSeed == null ? 42L : randomSeed;
    if (errorRate < 0 || errorRate > 1 || failNextCalls < 0 || latency.isNegative()) {
      throw new IllegalArgumentException("errorRate must be 0..1, failNextCalls and latency not negative");
    }
  }

  public static FaultSettings failNext(int calls) {
    return new FaultSettings(null, null, calls, null, null, null, null);
  }

  public static FaultSettings latency(Duration latency) {
    return new FaultSettings(latency, null, null, null, null, null, null);
  }

  public static FaultSettings callbacks(boolean lose, boolean duplicate, boolean outOfOrder) {
    return new FaultSettings(null, null, null, lose, duplicate, outOfOrder, null);
  }
}
