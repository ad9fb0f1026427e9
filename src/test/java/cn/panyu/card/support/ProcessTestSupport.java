package cn.panyu.card.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.process.TaskEscalations;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drives process instances of the whole application step by step: the job executor is off, so tests run
 * async continuations and timers themselves, in the order the scenario needs.
 */
public abstract class ProcessTestSupport {

  @Autowired protected RuntimeService runtime;
  @Autowired protected TaskService tasks;
  @Autowired protected ManagementService management;
  @Autowired protected HistoryService history;
  @Autowired protected FormService forms;
  @Autowired protected IdentityService identity;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected TaskEscalations escalations;

  @BeforeEach
  void signedOut() {
    identity.clearAuthentication();
  }

  @AfterEach
  void clockBack() {
    ClockUtil.reset();
  }

  /**
   * The task-escalation sweep as it would run this long from now (the engine's clock moves there until the test
   * ends or resets it): every task past its follow-up date is escalated one level.
   */
  protected void sweepAfter(Duration later) {
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + later.toMillis()));
    while (escalations.escalateDue(500)) {
      // rounds until none is due, as the model loops
    }
  }

  /** The single open task of this definition key in the instance (or any instance when id is null). */
  protected Task task(String processInstanceId, String taskKey) {
    var query = tasks.createTaskQuery().taskDefinitionKey(taskKey).initializeFormKeys();
    if (processInstanceId != null) {
      query.processInstanceId(processInstanceId);
    }
    List<Task> found = query.list();
    assertThat(found).as("open tasks %s in %s", taskKey, processInstanceId).hasSize(1);
    // Tasklist would fail without the form: every task the scenarios meet has its form fetched
    Task t = found.get(0);
    if (t.getCamundaFormRef() != null) {
      assertThat(forms.getDeployedTaskForm(t.getId())).isNotNull();
    } else {
      assertThat(t.getFormKey()).as("form of %s", taskKey).startsWith("embedded:app:forms/");
    }
    return found.get(0);
  }

  protected void complete(String processInstanceId, String taskKey, Map<String, Object> variables) {
    Task t = task(processInstanceId, taskKey);
    tasks.complete(t.getId(), variables);
  }

  /** Completes the task with the variables its form would submit as it opens (the normal case). */
  protected void completeAsOpened(String processInstanceId, String taskKey) {
    complete(processInstanceId, taskKey, Map.of());
  }

  /** Runs every due async job (not timers) until none is left. */
  protected void runAsyncJobs() {
    for (int round = 0; round < 50; round++) {
      List<Job> jobs = management.createJobQuery().executable().messages().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> management.executeJob(j.getId()));
    }
    throw new AssertionError("async jobs keep coming");
  }

  /** Fires the timer of this activity (boundary or intermediate) in the instance, due or not. */
  protected void fireTimer(String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers()
        .singleResult();
    assertThat(job).as("timer %s in %s", activityId, processInstanceId).isNotNull();
    management.executeJob(job.getId());
  }

  protected boolean hasTimer(String processInstanceId, String activityId) {
    return management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers()
        .count() > 0;
  }

  protected boolean isWaitingAt(String processInstanceId, String activityId) {
    return runtime.createExecutionQuery().processInstanceId(processInstanceId).activityId(activityId).count() > 0;
  }

  protected boolean isEnded(String processInstanceId) {
    return runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0;
  }

  /** Waits for something another thread does (a callback from the simulator), bounded, without asserting time. */
  protected void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("gave up waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  protected String status(String applicationNumber) {
    return jdbc.queryForObject("select status from application where application_number = ?", String.class,
        applicationNumber);
  }
}
