package cn.panyu.card.models;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;

/**
 * Stand-ins for the application's beans that the models call in expressions (not delegates): due dates, timer
 * cycles, texts for forms. Each answers in a fixed, documented way from the engine's clock, which the model tests
 * freeze, so that a test can compute the expected date itself. They are public because the expression language
 * calls them by reflection.
 */
public final class ModelBeans {

  private ModelBeans() {}

  /** The names under which the models look the beans up (the application's bean names). */
  static Map<String, Object> all(Deadlines deadlines, Shipments shipments, BatchIssuing batchIssuing,
      BatchFollowUps batchFollowUps, WorkingCalendar workingCalendar) {
    Map<String, Object> beans = new HashMap<>();
    beans.put("deadlines", deadlines);
    beans.put("shipments", shipments);
    beans.put("batchIssuing", batchIssuing);
    beans.put("batchFollowUps", batchFollowUps);
    beans.put("workingCalendar", workingCalendar);
    beans.put("cardCentre", new CardCentre());
    beans.put("taskEscalations", new TaskEscalations());
    beans.put("bulletinSchedule", new BulletinSchedule());
    beans.put("individualApplications", new IndividualApplications());
    return beans;
  }

  static Date now() {
    return ClockUtil.getCurrentTime();
  }

  static Date nowPlus(Duration duration) {
    return Date.from(now().toInstant().plus(duration));
  }

  /**
   * {@code deadlines}: the due date, escalation (follow-up) date and reminders of a step. Like the real bean it
   * refuses a step (and mode) that {@code processes/deadlines.dmn} has no row for. Its dates are fixed distances
   * from now, each shifted by a few minutes that depend on the step and mode, so that a task carrying another
   * step's date is noticed: due in 3 days, escalated after 5 days, the next reminder in 1 day; reminders: 2 unless
   * a test says otherwise.
   */
  public static final class Deadlines {

    public static final String ALL_MODES = "-";

    private final Map<String, List<String>> modesByStep;
    private final Map<String, Integer> reminderCounts = new HashMap<>();

    Deadlines(Map<String, List<String>> modesByStep) {
      this.modesByStep = modesByStep;
    }

    private static Map<String, List<String>> table;

    /** The steps and modes of the rows of {@code processes/deadlines.dmn} (an empty mode: every mode), read once. */
    static synchronized Deadlines fromTable() {
      if (table == null) {
        table = readTable();
      }
      return new Deadlines(table);
    }

    private static Map<String, List<String>> readTable() {
      try (InputStream in = ModelBeans.class.getResourceAsStream("/processes/deadlines.dmn")) {
        if (in == null) {
          throw new IllegalStateException("processes/deadlines.dmn is not on the test classpath");
        }
        DmnModelInstance dmn = Dmn.readModelFromStream(in);
        Decision decision = dmn.getModelElementById("deadlines");
        DecisionTable table = (DecisionTable) decision.getExpression();
        Map<String, List<String>> modes = new HashMap<>();
        for (Rule rule : table.getRules()) {
          List<InputEntry> entries = new ArrayList<>(rule.getInputEntries());
          String step = unquote(entries.get(0).getTextContent());
          String mode = unquote(entries.get(1).getTextContent());
          modes.computeIfAbsent(step, s -> new ArrayList<>()).add(mode);
        }
        return Map.copyOf(modes);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String unquote(String text) {
      String t = text == null ? "" : text.trim();
      return t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2 ? t.substring(1, t.length() - 1) : t;
    }

    private void known(String step, String mode) {
      List<String> modes = modesByStep.get(step);
      if (modes == null || !(modes.contains("") || modes.contains(mode))) {
        throw new IllegalStateException("deadlines.dmn has no row for step " + step + " and mode " + mode);
      }
    }

    private static Duration shift(String kind, String step, String mode) {
      return Duration.ofMinutes(Math.floorMod((kind + step + mode).hashCode(), 600));
    }

    public Date dueDate(String step) {
      return dueDate(step, ALL_MODES);
    }

    public Date dueDate(String step, String mode) {
      known(step, mode);
      return nowPlus(Duration.ofDays(3).plus(shift("due", step, mode)));
    }

    public Date escalationDate(String step) {
      return escalationDate(step, ALL_MODES);
    }

    public Date escalationDate(String step, String mode) {
      known(step, mode);
      return nowPlus(Duration.ofDays(5).plus(shift("escalation", step, mode)));
    }

    public Date nextReminderDate(String step) {
      return nextReminderDate(step, ALL_MODES);
    }

    public Date nextReminderDate(String step, String mode) {
      known(step, mode);
      return nowPlus(Duration.ofDays(1).plus(shift("reminder", step, mode)));
    }

    public int reminderCount(String step) {
      return reminderCount(step, ALL_MODES);
    }

    public int reminderCount(String step, String mode) {
      known(step, mode);
      return reminderCounts.getOrDefault(step + "/" + mode, 2);
    }

    /** How many reminders the step sends in this test. */
    public void setReminderCount(String step, String mode, int count) {
      reminderCounts.put(step + "/" + mode, count);
    }
  }

  /** {@code shipments}: a recovery box is sealed 8 hours after it opened (the real one: at 17:00 that day). */
  public static final class Shipments {

    public Date sealAt(String shipmentId) {
      if (shipmentId == null) {
        throw new IllegalStateException("no shipmentId to seal");
      }
      return nowPlus(Duration.ofHours(8));
    }
  }

  /** {@code batchIssuing}: the cards of a shipment still at the institution, for the issuing form. */
  public static final class BatchIssuing {

    private int remaining = 3;

    public String cardsText(String shipmentId) {
      return "cards of " + shipmentId;
    }

    public int remaining(String shipmentId) {
      return remaining;
    }

    public void setRemaining(int remaining) {
      this.remaining = remaining;
    }
  }

  /**
   * {@code batchFollowUps}: a batch's ineligible rows (of one ineligible list, where the model names it), for the
   * institution's follow-up form.
   */
  public static final class BatchFollowUps {

    public String ineligibleText(String batchNumber) {
      return "ineligible rows of " + batchNumber;
    }

    public String ineligibleText(String batchNumber, String feedbackId) {
      return "ineligible rows of " + batchNumber + " in " + feedbackId;
    }

    public String suggestedWithdrawals(String batchNumber) {
      return "withdrawals of " + batchNumber;
    }

    public String suggestedWithdrawals(String batchNumber, String feedbackId) {
      return "withdrawals of " + batchNumber + " in " + feedbackId;
    }

    public int ineligibleCount(String batchNumber) {
      return 1;
    }

    public int ineligibleCount(String batchNumber, String feedbackId) {
      return 1;
    }
  }

  /** {@code workingCalendar}: whether today is a working day (a test says). */
  public static final class WorkingCalendar {

    private boolean workingDay = true;

    public boolean isWorkingDay() {
      return workingDay;
    }

    public void setWorkingDay(boolean workingDay) {
      this.workingDay = workingDay;
    }
  }

  /** {@code cardCentre}: how often the City Card Centre is polled and a failed call retried. */
  public static final class CardCentre {

    public static final String POLL_INTERVAL = "PT1H";
    public static final String RETRY_CYCLE = "R3/PT5M";

    public String getPollInterval() {
      return POLL_INTERVAL;
    }

    public String getRetryCycle() {
      return RETRY_CYCLE;
    }
  }

  /** {@code taskEscalations}: the sweep runs every 30 minutes. */
  public static final class TaskEscalations {

    public static final String SWEEP_CYCLE = "R/PT30M";

    public String sweepCycle() {
      return SWEEP_CYCLE;
    }
  }

  /** {@code bulletinSchedule}: the weekly bulletin, Monday 08:00. */
  public static final class BulletinSchedule {

    public static final String CYCLE = "0 0 8 ? * MON";

    public String cycle() {
      return CYCLE;
    }
  }

  /** {@code individualApplications}: the applicant's name a collection form shows (read from the application table). */
  public static final class IndividualApplications {

    public static final String NAME = "测试申请人";

    public String applicantName(String applicationNumber) {
      return NAME;
    }
  }
}
