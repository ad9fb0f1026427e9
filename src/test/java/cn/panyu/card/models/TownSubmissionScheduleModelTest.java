package cn.panyu.card.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code town-submission-schedule}: every day at 17:00, on working days only, the towns' submissions start. */
@Deployment(resources = "processes/town-submission-schedule.bpmn")
class TownSubmissionScheduleModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  @Override
  protected Set<String> calledBeans() {
    return Set.of("startTownSubmissions");
  }

  ProcessInstance fireDailyTimer() {
    Job daily = jobQuery().activityId("StartEvent_Daily").singleResult();
    // the next 17:00 after now; the engine reads the cron expression in the JVM's time zone, not Beijing time
    assertThat(daily.getDuedate()).isAfter(NOW).isBefore(ModelBeans.nowPlus(Duration.ofDays(1)));
    assertThat(LocalDateTime.ofInstant(daily.getDuedate().toInstant(), ZoneId.systemDefault()))
        .satisfies(at -> assertThat(at.getHour()).isEqualTo(17))
        .satisfies(at -> assertThat(at.getMinute()).isZero());
    execute(daily);
    return theInstanceOf("town-submission-schedule");
  }

  @Test
  void onAWorkingDayEveryTownsSubmissionStarts() {
    workingCalendar.setWorkingDay(true);
    ProcessInstance pi = fireDailyTimer();

    assertThat(pi).isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_TownSubmissionsStarted");
    assertThat(stub("startTownSubmissions").calls()).containsExactly("Task_StartTownSubmissions");
  }

  @Test
  void onAHolidayNothingStarts() {
    workingCalendar.setWorkingDay(false);
    ProcessInstance pi = fireDailyTimer();

    assertThat(pi).isEnded().hasNotPassed("Task_StartTownSubmissions");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Holiday");
    assertThat(stub("startTownSubmissions").calls()).isEmpty();
  }
}
