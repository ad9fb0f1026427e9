package cn.panyu.card.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.util.Set;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code progress-bulletin}: weekly or on request, built, reviewed, published or built again. */
@Deployment(resources = "processes/progress-bulletin.bpmn")
class ProgressBulletinModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  static final String KEY = "progress-bulletin";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("buildBulletin", "publishBulletin", "discardBulletin");
  }

  @Test
  void theWeeklyTimerBuildsABulletinThatTheCardOfficePublishes() {
    // deployed with the schedule's cycle: the next Monday 08:00, within a week
    Job weekly = jobQuery().activityId("StartEvent_Weekly").singleResult();
    assertThat(weekly.getDuedate()).isAfter(NOW).isBefore(ModelBeans.nowPlus(Duration.ofDays(7)));

    execute(weekly);
    ProcessInstance pi = theInstanceOf(KEY);

    // built in a job of its own, not in the timer's transaction
    assertThat(pi).isWaitingAt("Task_BuildBulletin").hasPassed("StartEvent_Weekly");
    assertThat(stub("buildBulletin").calls()).isEmpty();
    execute(job("Task_BuildBulletin", pi));

    assertThat(pi).isWaitingAtExactly("Task_ReviewBulletin");
    assertThat(task(pi)).hasCandidateGroup("district-card-office").hasDueDate(deadlines.dueDate("BULLETIN_REVIEW"));
    assertThat(runtimeService().getVariableLocal(task(pi).getExecutionId(), "bulletinDecision"))
        .as("the form opens on publish").isEqualTo("PUBLISH");
    complete(task(pi));

    assertThat(pi).isEnded().hasPassedInOrder("Task_BuildBulletin", "Task_ReviewBulletin", "Task_PublishBulletin",
        "EndEvent_Published").hasNotPassed("Task_DiscardBulletin");
    // the cycle goes on: the next week's timer is there
    assertThat(jobQuery().activityId("StartEvent_Weekly").count()).isEqualTo(1);
  }

  @Test
  void aRequestedBulletinSentBackIsDiscardedAndBuiltAgain() {
    ProcessInstance pi = runtimeService().startProcessInstanceByMessage("BulletinRequested",
        withVariables("requestedBy", "cardoffice"));
    execute(job("Task_BuildBulletin", pi));
    complete(task(pi), withVariables("bulletinDecision", "REGENERATE"));

    assertThat(pi).hasPassed("StartEvent_Requested", "Task_DiscardBulletin").isWaitingAt("Task_BuildBulletin");
    assertThat(stub("discardBulletin").calls()).containsExactly("Task_DiscardBulletin");
    execute(job("Task_BuildBulletin", pi));
    complete(task(pi));

    assertThat(pi).isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Published");
    assertThat(stub("buildBulletin").calls()).hasSize(2);
    assertThat(stub("publishBulletin").calls()).hasSize(1);
  }
}
