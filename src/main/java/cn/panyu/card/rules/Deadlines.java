package cn.panyu.card.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Due dates, escalation delays and reminder cycles from the {@code deadlines} DMN table, for use in
 * BPMN expressions: {@code camunda:dueDate="${deadlines.due('HANDOVER_RECEIPT')}"},
 * {@code <timeDuration>${deadlines.escalateAfter('HANDOVER_RECEIPT')}</timeDuration>}.
 */
@Component("deadlines")
public class Deadlines {

  public static final String ALL_MODES = "-";

  private final Rules rules;

  public Deadlines(Rules rules) {
    this.rules = rules;
  }

  /** When a task of this step is due, counted from now (the engine's clock, which tests move). */
  public Date due(String step) {
    return due(step, ALL_MODES);
  }

  public Date due(String step, String mode) {
    return plus(ClockUtil.getCurrentTime(), entry(step, mode).getEntry("dueIn"));
  }

  /** ISO 8601 duration after which a missed task is escalated to the level above. */
  public String escalateAfter(String step) {
    return escalateAfter(step, ALL_MODES);
  }

  public String escalateAfter(String step, String mode) {
    return entry(step, mode).getEntry("escalateAfter");
  }

  /** ISO 8601 timer cycle of reminders (e.g. R3/P14D). */
  public String reminderCycle(String step) {
    return reminderCycle(step, ALL_MODES);
  }

  public String reminderCycle(String step, String mode) {
    String cycle = entry(step, mode).getEntry("reminderCycle");
    if (cycle == null || cycle.isBlank()) {
      throw new IllegalStateException("办理时限表没有为环节 " + step + " 定义提醒周期");
    }
    return cycle;
  }

  private DmnDecisionResultEntries entry(String step, String mode) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("step", step);
    inputs.put("mode", mode == null ? ALL_MODES : mode);
    DmnDecisionResultEntries entry = rules.lookup("deadlines", inputs).getFirstResult();
    if (entry == null) {
      throw new IllegalStateException("办理时限表没有环节 " + step + " 的规则");
    }
    return entry;
  }

  /** Adds an ISO 8601 duration such as P3D, PT12H or P1DT6H to a moment. */
  public static Date plus(Date from, String isoDuration) {
    String iso = isoDuration.trim();
    int t = iso.indexOf('T');
    Period period = t < 0 ? Period.parse(iso) : (t == 1 ? Period.ZERO : Period.parse(iso.substring(0, t)));
    Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + iso.substring(t));
    return Date.from(from.toInstant().atZone(Clock.systemDefaultZone().getZone())
        .plus(period).plus(time).toInstant());
  }
}
