package cn.panyu.card.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;

import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code progress-bulletin-request}: the card office asks for a bulletin now. */
@Deployment(resources = "processes/progress-bulletin-request.bpmn")
class ProgressBulletinRequestModelTest extends ModelTest {

  @RegisterExtension
  static final ProcessEngineCoverageExtension ENGINE = engine(1.0);

  @Override
  protected Set<String> calledBeans() {
    return Set.of("requestBulletin");
  }

  @Test
  void theRequestStartsTheBulletinAndRemembersWhoAsked() {
    identityService().setAuthenticatedUserId("cardoffice");
    ProcessInstance pi;
    try {
      pi = start("progress-bulletin-request", null);
    } finally {
      identityService().clearAuthentication();
    }

    assertThat(pi).isEnded().hasPassedInOrder("StartEvent_Request", "Task_RequestBulletin", "EndEvent_Requested");
    assertThat(stub("requestBulletin").calls()).containsExactly("Task_RequestBulletin");
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName("requestedBy").singleResult().getValue()).isEqualTo("cardoffice");
  }
}
