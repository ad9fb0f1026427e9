package cn.panyu.card.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.springframework.stereotype.Component;

/**
 * Due dates, escalation delays and reminder cycles from the {@code deadlines} DMN table, for use in BPMN
 * expressions.
 *
 * <p>In working days ({@link WorkingCalendar}: weekends, public holidays and adjusted working weekends of
 * {@code processes/working-calendar.csv}), as absolute dates:
 * <ul>
 *   <li>{@code camunda:dueDate="${deadlines.dueDate('HANDOVER_RECEIPT')}"}</li>
 *   <li>{@code <timeDate>${deadlines.escalationDate('HANDOVER_RECEIPT')}</timeDate>} — a timer whose
 *       {@code timeDuration} is an ISO string cannot skip holidays, so escalation becomes a date</li>
 *   <li>{@code <timeDate>${deadlines.nextReminderDate('COLLECTION', 'INDIVIDUAL')}</timeDate>} on an intermediate
 *       timer that the model loops back to after each reminder, while {@code reminderCount} says how many: an ISO
 *       cycle repeats a fixed period and cannot skip holidays either, so the next reminder is asked for afresh
 *       each time</li>
 * </ul>
 * The table's durations are read as: days (a week is five days) count as working days, hours and minutes as clock
 * time added afterwards. The moment counted from is now on the engine's clock (which tests move).
 *
 * <p>In calendar days, as before (the models written before the working calendar): {@link #due},
 * {@link #escalateAfter} (an ISO duration for {@code timeDuration}), {@link #reminderCycle} (an ISO cycle).
 */
@Component("deadlines")
public class Deadlines {

  public static final String ALL_MODES = "-";

  private final Rules rules;
  private final WorkingCalendar calendar;
  private final Clock clock;

  public Deadlines(Rules rules, WorkingCalendar calendar, Clock clock) {
    this.clock = clock;
    this.rules = rules;
    this.calendar = calendar;
  }

  // ------------------------------------------------------------------------------------------- working days

  /** When a task of this step is due: {@code dueIn} working days from now. */
  public Date dueDate(String step) {
    return dueDate(step, ALL_MODES);
  }

  public Date dueDate(String step, String mode) {
    return Date.from(plusWorking(calendar.now(), entry(step, mode).getEntry("dueIn")));
  }

  /** When a missed task of this step is escalated: {@code escalateAfter} working days from now. */
  public Date escalationDate(String step) {
    return escalationDate(step, ALL_MODES);
  }

  public Date escalationDate(String step, String mode) {
    return escalationDate(step, mode, Date.from(calendar.now()));
  }

  /** {@code escalateAfter} working days from a past moment (the status page: when the card arrived). */
  public Date escalationDate(String step, String mode, Date from) {
    return Date.from(plusWorking(from.toInstant(), entry(step, mode).getEntry("escalateAfter")));
  }

  /** When the next reminder is due: the period of the step's {@code reminderCycle} in working days from now. */
  public Date nextReminderDate(String step) {
    return nextReminderDate(step, ALL_MODES);
  }

  public Date nextReminderDate(String step, String mode) {
    return Date.from(plusWorking(calendar.now(), cycle(step, mode)[1]));
  }

  /** How many reminders the step's {@code reminderCycle} sends (R3/P14D: 3; R/P14D: unbounded, Integer.MAX_VALUE). */
  public int reminderCount(String step) {
    return reminderCount(step, ALL_MODES);
  }

  public int reminderCount(String step, String mode) {
    String repetitions = cycle(step, mode)[0].substring(1);
    return repetitions.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(repetitions);
  }

  /** A moment plus an ISO duration whose days count as working days (the escalation table's re-escalation delay). */
  public Date workingAfter(Date from, String isoDuration) {
    return Date.from(plusWorking(from.toInstant(), isoDuration));
  }

  /** The time zone in which the working days are counted (dates shown to people are in it too). */
  public ZoneId zone() {
    return calendar.zone();
  }

  /** "R3/P14D" as {"R3", "P14D"}; a start date or a cron expression cannot be counted in working days. */
  private String[] cycle(String step, String mode) {
    String cycle = reminderCycle(step, mode).trim();
    String[] parts = cycle.split("/");
    if (parts.length != 2 || !parts[0].matches("R\\d*") || !parts[1].startsWith("P")) {
      throw new IllegalStateException("办理时限表中环节 " + step + " 的提醒周期 " + cycle + " 应写成 R3/P14D 的形式");
    }
    return parts;
  }

  /** The day part of the table's durations: weeks and days only (a month of working days means nothing). */
  private static final Pattern WORKING_PERIOD = Pattern.compile("P(?:(\\d+)W)?(?:(\\d+)D)?");

  /** Days and weeks of an ISO duration in working days (a week is five), then its hours and minutes as clock time. */
  Instant plusWorking(Instant from, String isoDuration) {
    String iso = isoDuration.trim().toUpperCase(java.util.Locale.ROOT);
    int t = iso.indexOf('T');
    Matcher period = WORKING_PERIOD.matcher(t < 0 ? iso : iso.substring(0, t));
    if (!period.matches()) {
      throw new IllegalStateException("办理时限 " + isoDuration + " 无法按工作日计算：请以天（D）或周（W）表示，如 P3D、P2W、P1DT4H");
    }
    int days = (period.group(1) == null ? 0 : Integer.parseInt(period.group(1)) * 5)
        + (period.group(2) == null ? 0 : Integer.parseInt(period.group(2)));
    Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + iso.substring(t));
    return calendar.plusWorkingDays(from, days).plus(time);
  }

  // ------------------------------------------------------------------------------------------- calendar days

  /** When a task of this step is due, counted in calendar days from now (the engine's clock, which tests move). */
  public Date due(String step) {
    return due(step, ALL_MODES);
  }

  public Date due(String step, String mode) {
    return plus(Date.from(clock.instant()), entry(step, mode).getEntry("dueIn"));
  }

  /** ISO 8601 duration after which a missed task is escalated to the level above (calendar days). */
  public String escalateAfter(String step) {
    return escalateAfter(step, ALL_MODES);
  }

  public String escalateAfter(String step, String mode) {
    return entry(step, mode).getEntry("escalateAfter");
  }

  /** ISO 8601 timer cycle of reminders (e.g. R3/P14D; calendar days). */
  public String reminderCycle(String step) {
    return reminderCycle(step, ALL_MODES);
  }

  public String reminderCycle(String step, String mode) {
    // an empty cell may be no entry at all (getEntry would fail on it)
    Object cycle = entry(step, mode).getEntryMap().get("reminderCycle");
    if (cycle == null || cycle.toString().isBlank()) {
      throw new IllegalStateException("办理时限表没有为环节 " + step + " 定义提醒周期");
    }
    return cycle.toString();
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
  public Date plus(Date from, String isoDuration) {
    String iso = isoDuration.trim();
    int t = iso.indexOf('T');
    Period period = t < 0 ? Period.parse(iso) : (t == 1 ? Period.ZERO : Period.parse(iso.substring(0, t)));
    Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + iso.substring(t));
    return Date.from(from.toInstant().atZone(clock.getZone())
        .plus(period).plus(time).toInstant());
  }
}
