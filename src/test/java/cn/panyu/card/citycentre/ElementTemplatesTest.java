package cn.panyu.card.citycentre;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;

/**
 * The Modeler element templates for City Card Centre calls and the generic delegate they bind to stay in step:
 * every template names an operation the delegate knows and binds {@code ${cityCentreCall}} asynchronously, and
 * every service task of the models that uses a template carries what the template sets.
 */
class ElementTemplatesTest {

  static final Path TEMPLATES = Path.of("processes/element-templates/city-card-centre.json");
  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

  @Test
  void everyTemplateBindsTheGenericDelegateWithAKnownOperation() throws IOException {
    JsonNode templates = new ObjectMapper().readTree(TEMPLATES.toFile());
    assertThat(templates.size()).isGreaterThanOrEqualTo(4);
    List<String> operations = Arrays.stream(CityCentreCallDelegate.Operation.values()).map(Enum::name).toList();
    for (JsonNode t : templates) {
      Map<String, String> set = bindings(t);
      assertThat(t.get("appliesTo").toString()).contains("bpmn:ServiceTask");
      assertThat(set).as(t.get("id").asText()).containsEntry("property:camunda:delegateExpression", "${cityCentreCall}")
          .containsEntry("property:camunda:asyncBefore", "true");
      assertThat(operations).contains(set.get("camunda:inputParameter:operation"));
    }
  }

  @Test
  void everyTaskThatUsesATemplateCarriesItsBindings() throws IOException {
    JsonNode templates = new ObjectMapper().readTree(TEMPLATES.toFile());
    int used = 0;
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
        for (ServiceTask task : Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(ServiceTask.class)) {
          String templateId = task.getAttributeValueNs(CAMUNDA, "modelerTemplate");
          if (templateId == null) {
            continue;
          }
          JsonNode template = null;
          for (JsonNode t : templates) {
            if (t.get("id").asText().equals(templateId)) {
              template = t;
            }
          }
          assertThat(template).as("template %s of %s in %s", templateId, task.getId(), file).isNotNull();
          Map<String, String> set = bindings(template);
          assertThat(task.getCamundaDelegateExpression()).isEqualTo(set.get("property:camunda:delegateExpression"));
          assertThat(task.isCamundaAsyncBefore()).isTrue();
          Map<String, String> inputs = new HashMap<>();
          task.getExtensionElements().getElementsQuery().filterByType(
              org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).singleResult()
              .getCamundaInputParameters().forEach((CamundaInputParameter p) -> inputs.put(p.getCamundaName(),
                  p.getTextContent()));
          assertThat(inputs).containsEntry("operation", set.get("camunda:inputParameter:operation"));
          used++;
        }
      }
    }
    assertThat(used).as("card-replacement reports the old card through the template").isPositive();
  }

  private static Map<String, String> bindings(JsonNode template) {
    Map<String, String> set = new HashMap<>();
    for (JsonNode p : template.get("properties")) {
      JsonNode b = p.get("binding");
      if (p.has("value")) {
        set.put(b.get("type").asText() + ":" + b.path("name").asText(), p.get("value").asText());
      }
    }
    return set;
  }
}
