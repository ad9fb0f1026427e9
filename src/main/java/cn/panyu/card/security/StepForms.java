package cn.panyu.card.security;

import cn.panyu.card.engine.AsSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.form.CamundaFormRef;
import org.camunda.bpm.engine.form.StartFormData;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Finds the form of a user task or of a process's start event and reads which variables it offers
 * ({@link FormFields}). Camunda Forms and {@code embedded:deployment:} forms come from the deployment the task
 * belongs to; {@code embedded:app:} forms are the application's static resources (see the pom), as Tasklist
 * loads them. The look-up runs without the caller's authorizations: whether the caller may touch the task or
 * start the process is for the engine to say when the request goes on.
 */
@Component
public class StepForms {

  private static final String EMBEDDED_APP = "embedded:app:";

  private final FormService forms;
  private final TaskService tasks;
  private final RepositoryService repository;
  private final AsSystem asSystem;
  private final ResourceLoader resources;
  /**
   * Forms read once per process definition (issue 18: reading and parsing the form on every completion was 6 % of the
   * application's CPU under load): a deployed form never changes within its deployment, an application form not while
   * the application runs. A form bound to "latest" is read every time.
   */
  private final Map<String, FormFields> cache = new ConcurrentHashMap<>();

  public StepForms(FormService forms, TaskService tasks, RepositoryService repository, AsSystem asSystem,
      ResourceLoader resources) {
    this.forms = forms;
    this.tasks = tasks;
    this.repository = repository;
    this.asSystem = asSystem;
    this.resources = resources;
  }

  /** The task, or null when there is no such task. */
  public Task task(String taskId) {
    return asSystem.get(() -> tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult());
  }

  /** The fields of the task's form. */
  public FormFields ofTask(Task task) {
    return asSystem.get(() -> remembered(task.getProcessDefinitionId(), task.getTaskDefinitionKey(),
        task.getCamundaFormRef(),
        () -> read(task.getFormKey(), task.getCamundaFormRef(), () -> forms.getDeployedTaskForm(task.getId()))));
  }

  /** Read once per process definition and step, unless the step's form is bound to the latest version of a form. */
  private FormFields remembered(String definitionId, String step, CamundaFormRef ref, Supplier<FormFields> read) {
    if (definitionId == null || ref != null && "latest".equals(ref.getBinding())) {
      return read.get();
    }
    String key = definitionId + "|" + step;
    FormFields known = cache.get(key);
    if (known == null) {
      known = read.get();
      cache.put(key, known);
    }
    return known;
  }

  /** The current value of a task's variable (as the task sees it: its own or its execution's). */
  public Object taskVariable(String taskId, String name) {
    return asSystem.get(() -> tasks.getVariable(taskId, name));
  }

  /** The process definition by id, or the latest version of a key; null when there is none. */
  public ProcessDefinition definition(String id, String key) {
    return asSystem.get(() -> id != null
        ? repository.createProcessDefinitionQuery().processDefinitionId(id).singleResult()
        : repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult());
  }

  /** The fields of the process's start form. */
  public FormFields ofStart(ProcessDefinition definition) {
    return asSystem.get(() -> {
      StartFormData start = forms.getStartFormData(definition.getId());
      String formKey = start == null ? null : start.getFormKey();
      CamundaFormRef ref = start == null ? null : start.getCamundaFormRef();
      return remembered(definition.getId(), "start", ref,
          () -> read(formKey, ref, () -> forms.getDeployedStartForm(definition.getId())));
    });
  }

  /** The variable the start event puts the starting user in ({@code camunda:initiator}), or null. */
  public String initiatorVariable(ProcessDefinition definition) {
    BpmnModelInstance model = asSystem.get(() -> repository.getBpmnModelInstance(definition.getId()));
    return model.getModelElementsByType(StartEvent.class).stream()
        .map(StartEvent::getCamundaInitiator).filter(Objects::nonNull).findFirst().orElse(null);
  }

  private FormFields read(String formKey, CamundaFormRef formRef, Supplier<InputStream> deployed) {
    if (formRef != null || formKey != null && formKey.startsWith("camunda-forms:")) {
      return FormFields.ofCamundaForm(text(deployed.get()));
    }
    if (formKey == null) {
      return FormFields.none("（无表单）");
    }
    if (formKey.startsWith(EMBEDDED_APP)) {
      String path = formKey.substring(EMBEDDED_APP.length()).replaceFirst("^/+", "");
      Resource html = resources.getResource("classpath:static/" + path);
      try (InputStream in = html.getInputStream()) {
        return FormFields.ofHtml(path, text(in));
      } catch (IOException e) {
        throw new UncheckedIOException("找不到表单 " + path, e);
      }
    }
    if (formKey.startsWith("embedded:deployment:") || formKey.startsWith("deployment:")) {
      return FormFields.ofHtml(formKey, text(deployed.get()));
    }
    // an external form could submit anything: nothing is known to be offered
    return FormFields.none(formKey);
  }

  private static String text(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
