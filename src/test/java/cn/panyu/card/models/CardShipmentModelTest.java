package cn.panyu.card.models;

import static cn.panyu.card.models.StubDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code card-shipment}: cards travel leg by leg, one {@code card-handover} per box (stubbed here), short boxes go
 * again; a recovery box opens by message and is sealed by its timer.
 */
@Deployment(resources = {"processes/card-shipment.bpmn", "models/stubs/card-handover.bpmn"})
class CardShipmentModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0, "card-handover");

  static final String KEY = "card-shipment";

  @Override
  protected Set<String> calledBeans() {
    return Set.of("sealRecoveryBox", "planShipmentLeg", "recordShipmentArrivals", "checkShipmentArrived");
  }

  @Test
  void aCalledShipmentHandsOverOneBoxPerNextUnitAndEndsWhenAllArrived() {
    stub("planShipmentLeg").answers(set("boxes", List.of("H-1", "H-2")));
    stub("checkShipmentArrived").answers(set("arrived", true));

    ProcessInstance pi = start(KEY, "SUB-1", "shipmentId", "S-1");
    // each box's arrival is recorded on its own (asynchronous): receipts of one shipment's boxes never collide
    assertThat(pi).isWaitingAt("Task_RecordArrivals");
    recordArrivals(pi);

    assertThat(pi).isEnded().hasPassedInOrder("StartEvent_Called", "Task_PlanLeg", "SubProcess_Box",
        "Task_CheckArrived", "EndEvent_Arrived").hasNotPassed("Timer_BoxCloses", "Task_SealBox");
    List<HistoricProcessInstance> boxes = called(pi, "card-handover");
    assertThat(boxes).extracting(HistoricProcessInstance::getBusinessKey).containsOnly("SUB-1");
    assertThat(boxes).extracting(b -> variablesOf(b).get("handoverId")).containsExactlyInAnyOrder("H-1", "H-2");
    assertThat(stub("recordShipmentArrivals").calls()).hasSize(2);
    assertThat(stub("planShipmentLeg").calls()).hasSize(1);
  }

  @Test
  void cardsMissingFromABoxGoAgainInTheNextLeg() {
    stub("planShipmentLeg").answers(set("boxes", List.of("H-1", "H-2")), set("boxes", List.of("H-3")));
    stub("checkShipmentArrived").answers(set("arrived", false), set("arrived", true));

    ProcessInstance pi = start(KEY, "SUB-1", "shipmentId", "S-1");
    recordArrivals(pi);

    assertThat(pi).isEnded();
    assertThat(timesPassed(pi, "Task_PlanLeg")).isEqualTo(2);
    assertThat(timesPassed(pi, "Task_CheckArrived")).isEqualTo(2);
    assertThat(called(pi, "card-handover")).extracting(b -> variablesOf(b).get("handoverId"))
        .containsExactlyInAnyOrder("H-1", "H-2", "H-3");
    assertThat(endedAt(pi)).isEqualTo("EndEvent_Arrived");
  }

  @Test
  void aRecoveryBoxOpensByMessageAndLeavesWhenSealed() {
    stub("planShipmentLeg").answers(set("boxes", List.of("H-9")));
    stub("checkShipmentArrived").answers(set("arrived", true));

    ProcessInstance pi = runtimeService().createMessageCorrelation("RecoveryBoxOpened")
        .processInstanceBusinessKey("BOX-440113007901-20130902").setVariable("shipmentId", "S-BOX")
        .correlateStartMessage();

    assertThat(pi).isWaitingAtExactly("Timer_BoxCloses").hasPassed("StartEvent_BoxOpened");
    assertThat(job("Timer_BoxCloses", pi)).hasDueDate(shipments.sealAt("S-BOX"));
    assertThat(stub("planShipmentLeg").calls()).isEmpty();

    execute(job("Timer_BoxCloses", pi));
    recordArrivals(pi);

    assertThat(pi).isEnded().hasPassedInOrder("Timer_BoxCloses", "Task_SealBox", "Task_PlanLeg", "SubProcess_Box",
        "Task_CheckArrived").hasNotPassed("StartEvent_Called");
    assertThat(called(pi, "card-handover")).extracting(HistoricProcessInstance::getBusinessKey)
        .containsExactly("BOX-440113007901-20130902");
  }

  /** The arrivals of every box handed over so far, as the job executor records them, leg after leg. */
  private void recordArrivals(ProcessInstance pi) {
    for (int round = 0; round < 10; round++) {
      var jobs = managementService().createJobQuery().processInstanceId(pi.getId()).activityId("Task_RecordArrivals")
          .list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> managementService().executeJob(j.getId()));
    }
  }
}
