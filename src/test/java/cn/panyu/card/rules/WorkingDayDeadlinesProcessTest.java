package cn.panyu.card.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The working-day expressions as the models will call them (src/test/resources/rules/working-deadlines-test.bpmn),
 * in the engine with the application's deadlines table and calendar: a task due date, an escalation timer given as
 * a date, and reminders re-armed after each firing until the table's count is reached.
 */
@H2Test
class WorkingDayDeadlinesProcessTest extends ProcessTestSupport {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  @Autowired RepositoryService repository;
  String deployment;

  private static Date beijing(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(BEIJING).toInstant());
  }

  @BeforeEach
  void deploy() {
    deployment = repository.createDeployment().name("working-deadlines-test")
        .addClasspathResource("rules/working-deadlines-test.bpmn").deploy().getId();
    // Friday before the National Day holiday; Sunday 29 September 2013 is worked
    ClockUtil.setCurrentTime(beijing("2013-09-27T10:00"));
  }

  @AfterEach
  void undeploy() {
    ClockUtil.reset();
    repository.deleteDeployment(deployment, true);
  }

  private Job timer(String pi, String activityId) {
    return management.createJobQuery().processInstanceId(pi).timers().activityId(activityId).singleResult();
  }

  /** The test model's tasks have no form (ProcessTestSupport.task insists on one). */
  private Task openTask(String pi, String taskKey) {
    return tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey(taskKey).singleResult();
  }

  private void completeTask(String pi, String taskKey) {
    tasks.complete(openTask(pi, taskKey).getId());
  }

  /** Fires a timer as the job executor would, at its due date. */
  private void fire(Job timer) {
    ClockUtil.setCurrentTime(timer.getDuedate());
    management.executeJob(timer.getId());
  }

  @Test
  void dueDateAndEscalationSkipTheHolidayAndCountTheWorkedSunday() {
    String pi = runtime.startProcessInstanceByKey("working-deadlines-test").getId();
    // HANDOVER_RECEIPT: due in 3 working days, escalated after 5
    assertThat(openTask(pi, "Task_Receive").getDueDate()).isEqualTo(beijing("2013-10-08T10:00"));
    Job escalation = timer(pi, "Timer_ReceiveOverdue");
    assertThat(escalation.getDuedate()).isEqualTo(beijing("2013-10-10T10:00"));
    fire(escalation);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("EndEvent_Escalated")
        .finished().count()).isEqualTo(1);
    assertThat(isWaitingAt(pi, "Task_Receive")).isTrue();
  }

  @Test
  void remindersAreReArmedInWorkingDaysUntilTheTablesCountThenTheCardIsOverdue() {
    String pi = runtime.startProcessInstanceByKey("working-deadlines-test").getId();
    completeTask(pi, "Task_Receive");
    // COLLECTION, INDIVIDUAL: due and recovered after 60 working days, reminders R3/P14D
    assertThat(openTask(pi, "Task_Collect").getDueDate()).isEqualTo(beijing("2013-12-25T10:00"));
    Job overdue = timer(pi, "Timer_CardOverdue");
    assertThat(overdue.getDuedate()).isEqualTo(beijing("2013-12-25T10:00"));

    Job first = timer(pi, "Timer_Reminder");
    assertThat(first.getDuedate()).isEqualTo(beijing("2013-10-22T10:00"));
    fire(first);
    Job second = timer(pi, "Timer_Reminder");
    assertThat(second.getDuedate()).isEqualTo(beijing("2013-11-11T10:00"));
    fire(second);
    Job third = timer(pi, "Timer_Reminder");
    assertThat(third.getDuedate()).isEqualTo(beijing("2013-11-29T10:00"));
    fire(third);
    assertThat(((Number) runtime.getVariable(openTask(pi, "Task_Collect").getExecutionId(), "remindersSent")).intValue())
        .isEqualTo(3);
    assertThat(timer(pi, "Timer_Reminder")).as("three reminders, no fourth").isNull();

    fire(timer(pi, "Timer_CardOverdue"));
    assertThat(isEnded(pi)).isTrue();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("EndEvent_Recovered")
        .finished().count()).isEqualTo(1);
  }

  @Test
  void collectingTheCardEndsTheReminders() {
    String pi = runtime.startProcessInstanceByKey("working-deadlines-test").getId();
    completeTask(pi, "Task_Receive");
    fire(timer(pi, "Timer_Reminder"));
    assertThat(timer(pi, "Timer_Reminder")).isNotNull();
    completeTask(pi, "Task_Collect");
    assertThat(isEnded(pi)).isTrue();
    assertThat(management.createJobQuery().processInstanceId(pi).count()).isZero();
  }
}
