package cn.panyu.card.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/** The working-day deadlines of the analysts' tables as they are: processes/deadlines.dmn and the calendar file. */
class DeadlinesTest {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  /** The deadlines table evaluated by the standalone DMN engine instead of the process engine. */
  static final class FileRules extends Rules {
    private final DmnEngine engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private final DmnDecision decision;

    FileRules() {
      super(null, null, null);
      try (InputStream in = Files.newInputStream(Path.of("processes/deadlines.dmn"))) {
        decision = engine.parseDecision("deadlines", in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public DmnDecisionResult lookup(String decisionKey, Map<String, Object> inputs) {
      return engine.evaluateDecision(decision, Variables.fromMap(inputs));
    }
  }

  private static Instant beijing(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BEIJING).toInstant();
  }

  private static Deadlines at(String localDateTime) {
    Clock clock = Clock.fixed(beijing(localDateTime), BEIJING);
    try {
      return new Deadlines(new FileRules(), WorkingCalendar.read(
          Files.readAllBytes(Path.of("processes/working-calendar.csv")), "working-calendar.csv", clock), clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void dueAndEscalationDatesSkipTheNationalDayHolidayAndCountTheWorkedSunday() {
    // Friday 27 September 2013, 10:00: HANDOVER_RECEIPT is due in P3D and escalated after P5D
    Deadlines deadlines = at("2013-09-27T10:00");
    // working days: Sun 29 (worked), Mon 30, [1-7 October off], Tue 8, Wed 9, Thu 10
    assertThat(deadlines.dueDate("HANDOVER_RECEIPT")).isEqualTo(Date.from(beijing("2013-10-08T10:00")));
    assertThat(deadlines.escalationDate("HANDOVER_RECEIPT")).isEqualTo(Date.from(beijing("2013-10-10T10:00")));
    // the calendar-day method the current models use is unchanged
    assertThat(deadlines.escalateAfter("HANDOVER_RECEIPT")).isEqualTo("P5D");
  }

  @Test
  void modeSpecificRowsAndTheStatusPagesPastMoment() {
    Deadlines deadlines = at("2013-09-27T10:00");
    // COLLECTION: P60D for individual applications, P30D for collective ones
    assertThat(deadlines.escalationDate("COLLECTION", "INDIVIDUAL")).isEqualTo(Date.from(beijing("2013-12-25T10:00")));
    assertThat(deadlines.escalationDate("COLLECTION", "COLLECTIVE")).isEqualTo(Date.from(beijing("2013-11-13T10:00")));
    // from the moment a card arrived (Friday 20 December 2013), over 元旦 and 春节 2014
    assertThat(deadlines.escalationDate("COLLECTION", "INDIVIDUAL", Date.from(beijing("2013-12-20T11:00"))))
        .isEqualTo(Date.from(beijing("2014-03-20T11:00")));
    assertThat(deadlines.zone()).isEqualTo(BEIJING);
  }

  @Test
  void remindersInWorkingDaysAndHowMany() {
    // COLLECTION INDIVIDUAL: R3/P14D
    assertThat(at("2013-09-27T10:00").nextReminderDate("COLLECTION", "INDIVIDUAL"))
        .isEqualTo(Date.from(beijing("2013-10-22T10:00")));
    // re-armed when the first reminder fires, counted from then
    assertThat(at("2013-10-22T10:00").nextReminderDate("COLLECTION", "INDIVIDUAL"))
        .isEqualTo(Date.from(beijing("2013-11-11T10:00")));
    assertThat(at("2013-09-27T10:00").reminderCount("COLLECTION", "INDIVIDUAL")).isEqualTo(3);
    assertThat(at("2013-09-27T10:00").reminderCount("ACTIVATION")).isEqualTo(2);
    assertThatThrownBy(() -> at("2013-09-27T10:00").nextReminderDate("HANDOVER_RECEIPT"))
        .hasMessageContaining("提醒周期");
  }

  @Test
  void durationsInWeeksAndHoursAndWhatCannotBeCounted() {
    Deadlines deadlines = at("2013-09-27T10:00");
    Instant friday = beijing("2013-09-27T10:00");
    assertThat(deadlines.plusWorking(friday, "P1W")).isEqualTo(beijing("2013-10-10T10:00"));
    assertThat(deadlines.plusWorking(friday, "P1W1D")).isEqualTo(beijing("2013-10-11T10:00"));
    assertThat(deadlines.plusWorking(friday, "P1DT6H")).isEqualTo(beijing("2013-09-29T16:00"));
    assertThat(deadlines.plusWorking(friday, "PT12H")).isEqualTo(beijing("2013-09-27T22:00"));
    assertThatThrownBy(() -> deadlines.plusWorking(friday, "P1M")).hasMessageContaining("天（D）或周（W）");
  }
}
