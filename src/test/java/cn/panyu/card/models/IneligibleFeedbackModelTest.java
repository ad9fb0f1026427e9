package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ineligible-feedback}: one submission's list of ineligible records, one task per level. */
@Deployment(resources = "processes/ineligible-feedback.bpmn")
class IneligibleFeedbackModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  @Override
  protected Set<String> calledBeans() {
    return Set.of("loadIneligibleFeedback", "deliverIneligibleFeedback");
  }

  @Test
  void theCardOfficeThenTheTownPassTheListOnAndItIsDeliveredToTheVillages() {
    stub("loadIneligibleFeedback").answers(set("relayGroup", "town-440113007"));

    ProcessInstance pi = start("ineligible-feedback", "SUB-1", "feedbackId", "F-1");

    assertThat(pi).isWaitingAtExactly("Task_CardOfficeFeedback");
    assertThat(task(pi)).hasCandidateGroup("district-card-office")
        .hasDueDate(deadlines.dueDate("INELIGIBLE_FEEDBACK"));
    assertThat(task(pi).getFollowUpDate()).isEqualTo(deadlines.escalationDate("INELIGIBLE_FEEDBACK"));
    assertThat(stub("deliverIneligibleFeedback").calls()).isEmpty();
    complete(task(pi));

    assertThat(pi).isWaitingAtExactly("Task_RelayFeedback");
    assertThat(task(pi)).hasCandidateGroup("town-440113007")
        .hasDueDate(deadlines.dueDate("INELIGIBLE_FEEDBACK"));
    complete(task(pi));

    assertThat(pi).isEnded().hasPassedInOrder("Task_LoadFeedback", "Task_CardOfficeFeedback", "Task_RelayFeedback",
        "Task_DeliverFeedback", "EndEvent_Delivered");
    assertThat(stub("deliverIneligibleFeedback").calls()).containsExactly("Task_DeliverFeedback");
  }
}
