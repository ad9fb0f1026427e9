package cn.panyu.card.citycentre.simulator;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The simulator's current fault switches; thread-safe, changed at runtime by the admin endpoint. */
@Component
@ConditionalOnSimulator
public class SimulatorFaults {

  private final AtomicReference<FaultSettings> settings = new AtomicReference<>(FaultSettings.NONE);
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile Random dice = new Random(42L);

  public SimulatorFaults(SimulatorProperties properties) {
    set(properties.faults());
  }

  public synchronized void set(FaultSettings faults) {
    settings.set(faults);
    failNext.set(faults.failNextCalls());
    dice = new Random(faults.randomSeed());
  }

  public void reset() {
    set(FaultSettings.NONE);
  }

  /** The settings now, with the calls still to fail. */
  public FaultSettings current() {
    FaultSettings s = settings.get();
    return new FaultSettings(s.latency(), s.errorRate(), failNext.get(), s.loseCallbacks(), s.duplicateCallbacks(),
        s.outOfOrderCallbacks(), s.randomSeed());
  }

  /** Decides whether this exchange API call is answered 503 (and counts down "the next N calls"). */
  boolean nextCallFails() {
    if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return true;
    }
    double rate = settings.get().errorRate();
    if (rate <= 0) {
      return false;
    }
    synchronized (this) {
      return dice.nextDouble() < rate;
    }
  }
}
