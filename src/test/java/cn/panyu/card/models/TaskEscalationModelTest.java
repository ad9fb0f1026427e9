package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;

import java.time.Duration;
import java.util.Set;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code task-escalation}: the sweep over overdue tasks, round after round while some are left. */
@Deployment(resources = "processes/task-escalation.bpmn")
class TaskEscalationModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  @Override
  protected Set<String> calledBeans() {
    return Set.of("escalateDueTasks");
  }

  String firstSweepJob;

  ProcessInstance fireSweep() {
    Job sweep = jobQuery().activityId("StartEvent_Sweep").singleResult();
    firstSweepJob = sweep.getId();
    // R/PT30M from the deployment
    assertThat(sweep.getDuedate()).isEqualTo(ModelBeans.nowPlus(Duration.ofMinutes(30)));
    execute(sweep);
    return theInstanceOf("task-escalation");
  }

  @Test
  void aSweepWithNothingLeftEndsAfterOneRound() {
    stub("escalateDueTasks").answers(set("moreDue", false));
    ProcessInstance pi = fireSweep();

    // each round is a job of its own (its own transaction)
    assertThat(pi).isWaitingAt("Task_EscalateDueTasks");
    execute(job("Task_EscalateDueTasks", pi));

    assertThat(pi).isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Swept");
    assertThat(stub("escalateDueTasks").calls()).hasSize(1);
    // the next sweep: a new timer, half an hour from now (the clock stands still in the test)
    Job next = jobQuery().activityId("StartEvent_Sweep").singleResult();
    assertThat(next.getId()).isNotEqualTo(firstSweepJob);
    assertThat(next.getDuedate()).isEqualTo(ModelBeans.nowPlus(Duration.ofMinutes(30)));
  }

  @Test
  void theSweepGoesOnInRoundsWhileOverdueTasksAreLeft() {
    stub("escalateDueTasks").answers(set("moreDue", true), set("moreDue", true), set("moreDue", false));
    ProcessInstance pi = fireSweep();

    execute(job("Task_EscalateDueTasks", pi));
    assertThat(pi).isWaitingAt("Task_EscalateDueTasks");
    execute(job("Task_EscalateDueTasks", pi));
    assertThat(pi).isWaitingAt("Task_EscalateDueTasks");
    execute(job("Task_EscalateDueTasks", pi));

    assertThat(pi).isEnded();
    assertThat(timesPassed(pi, "Task_EscalateDueTasks")).isEqualTo(3);
  }
}
