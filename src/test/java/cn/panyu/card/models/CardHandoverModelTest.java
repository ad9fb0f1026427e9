package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.failure;
import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.util.Date;
import java.util.Set;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code card-handover}: one box from one unit to the next, every path on the bare engine. */
@Deployment(resources = "processes/card-handover.bpmn")
class CardHandoverModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  static final String KEY = "card-handover";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("loadHandover", "returnHandoverToCityCentre", "handoverTaskCompleted", "recordHandoverReceipt",
        "recordHandoverActualReceipt");
  }

  /** The box as loadHandover puts it on the instance: ten cards from the card office to a town. */
  ProcessInstance startBoxTo(String toLocation) {
    stub("loadHandover").answers(set("toLocation", toLocation, "sentCount", 10, "receivedCount", 10,
        "receiverGroup", "town-440113007", "discrepancyGroup", "district-card-office"));
    return start(KEY, "SUB-1", "handoverId", "H-1");
  }

  @Test
  void theReceiverConfirmsTheCountSent() {
    ProcessInstance pi = startBoxTo("TOWN:440113007");

    assertThat(pi).isWaitingAtExactly("Task_ConfirmReceipt");
    assertThat(task()).hasCandidateGroup("town-440113007")
        .hasDueDate(deadlines.dueDate("HANDOVER_RECEIPT"));
    assertThat(task().getFollowUpDate()).isEqualTo(deadlines.escalationDate("HANDOVER_RECEIPT"));
    complete(task());

    assertThat(pi).hasPassedInOrder("Task_LoadHandover", "Task_ConfirmReceipt", "Task_RecordReceipt")
        .hasNotPassed("Task_CheckDiscrepancy", "Task_ReturnToCityCentre").isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Received");
    assertThat(stub("handoverTaskCompleted").calls()).containsExactly("Task_ConfirmReceipt");
    assertThat(stub("recordHandoverReceipt").calls()).containsExactly("Task_RecordReceipt");
  }

  @Test
  void aDifferentCountIsCheckedByTheSender() {
    ProcessInstance pi = startBoxTo("TOWN:440113007");
    complete(task(pi), withVariables("receivedCount", 9));

    assertThat(pi).isWaitingAtExactly("Task_CheckDiscrepancy");
    assertThat(task()).hasCandidateGroup("district-card-office")
        .hasDueDate(deadlines.dueDate("DISCREPANCY"));
    assertThat(task().getFollowUpDate()).isEqualTo(deadlines.escalationDate("DISCREPANCY"));
    complete(task());

    assertThat(pi).hasPassedInOrder("Task_ConfirmReceipt", "Task_CheckDiscrepancy", "Task_RecordActualReceipt")
        .hasNotPassed("Task_RecordReceipt").isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_ReceivedAfterCheck");
    assertThat(stub("handoverTaskCompleted").calls()).containsExactly("Task_ConfirmReceipt", "Task_CheckDiscrepancy");
  }

  @Test
  void aBoxForTheCityCentreIsReportedInItsOwnTransaction() {
    ProcessInstance pi = startBoxTo("CITY_CENTRE");

    // asynchronous before the call: the instance is saved first
    assertThat(pi).isWaitingAt("Task_ReturnToCityCentre").hasNotPassed("Task_ConfirmReceipt");
    assertThat(stub("returnHandoverToCityCentre").calls()).isEmpty();
    execute(job("Task_ReturnToCityCentre"));

    assertThat(pi).isEnded();
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Returned");
    assertThat(stub("returnHandoverToCityCentre").calls()).containsExactly("Task_ReturnToCityCentre");
  }

  @Test
  void aFailedReportIsRetriedOnTheCardCentresCycle() {
    stub("returnHandoverToCityCentre").answers(failure("City Card Centre unreachable"));
    ProcessInstance pi = startBoxTo("CITY_CENTRE");
    Job call = job("Task_ReturnToCityCentre", pi);

    assertThatThrownBy(() -> managementService().executeJob(call.getId()))
        .hasMessageContaining("City Card Centre unreachable");

    // R3/PT5M: two retries left, the next one five minutes later
    Job retry = managementService().createJobQuery().jobId(call.getId()).singleResult();
    assertThat(retry).hasRetries(2).hasDueDate(Date.from(NOW.toInstant().plus(Duration.ofMinutes(5))));
    assertThat(pi).isWaitingAt("Task_ReturnToCityCentre");
  }
}
