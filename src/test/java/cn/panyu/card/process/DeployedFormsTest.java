package cn.panyu.card.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/**
 * Tasklist fails only in the browser when a form is missing: every user task of every deployed process is
 * created (by instance modification) and its form fetched the way Tasklist fetches it; every start form too.
 */
@H2Test
class DeployedFormsTest {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired FormService forms;
  @Autowired TestRestTemplate http;

  @Test
  void everyUserTaskAndStartFormOpens() {
    List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().latestVersion().list().stream()
        .filter(d -> !d.getKey().endsWith("-test") && !d.getResourceName().contains("test")).toList();
    assertThat(definitions).extracting(ProcessDefinition::getKey)
        .contains("individual-issuance", "town-submission", "card-handover");
    int checked = 0;
    for (ProcessDefinition definition : definitions) {
      var model = repository.getBpmnModelInstance(definition.getId());
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (start.getCamundaFormRef() != null) {
          assertThat(forms.getDeployedStartForm(definition.getId())).as("start form of %s", definition.getKey())
              .isNotNull();
          checked++;
        }
      }
      for (UserTask userTask : model.getModelElementsByType(UserTask.class)) {
        String pi = runtime.createProcessInstanceById(definition.getId())
            .startBeforeActivity(userTask.getId())
            .setVariables(placeholders())
            .execute(true, true).getId();
        var task = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey(userTask.getId())
            .initializeFormKeys().singleResult();
        assertThat(task).as("task %s of %s", userTask.getId(), definition.getKey()).isNotNull();
        if (task.getCamundaFormRef() != null) {
          assertThat(forms.getDeployedTaskForm(task.getId())).as("form of %s", userTask.getId()).isNotNull();
        } else {
          String key = task.getFormKey();
          assertThat(key).as("form of %s in %s", userTask.getId(), definition.getKey()).startsWith("embedded:app:");
          String path = "/" + key.substring("embedded:app:".length());
          assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        }
        runtime.deleteProcessInstance(pi, "form check", true, true);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
  }

  /** What the expressions of candidate groups and forms need to resolve. */
  private static Map<String, Object> placeholders() {
    Map<String, Object> v = new HashMap<>();
    for (String unit : List.of("village", "town", "institution", "department", "receiver", "discrepancy",
        "relay")) {
      v.put(unit + "Group", "district-card-office");
    }
    v.put("villageCode", "440113007901");
    v.put("townCode", "440113007");
    v.put("mode", "INDIVIDUAL");
    // what a batch's issuing round sets when its cards arrive (its input mappings are skipped here)
    java.util.Date month = new java.util.Date(System.currentTimeMillis() + 30L * 24 * 3600 * 1000);
    v.put("issuingDeadline", month);
    v.put("issuingFollowUp", month);
    return v;
  }
}
