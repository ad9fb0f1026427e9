package cn.panyu.card.engine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.org.TasklistFilters;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.rest.hal.Hal;
import org.camunda.bpm.engine.rest.hal.processDefinition.HalProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@H2Test
class HalRelationCachesTest extends IndividualSteps {

  @Autowired TestRestTemplate http;
  @Autowired FilterService filters;

  @Test
  void tasklistsListEmbedsTheProcessDefinitionFromTheSharedCache() throws Exception {
    String pi = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    String definitionId = runtime.createProcessInstanceQuery().processInstanceId(pi).singleResult()
        .getProcessDefinitionId();
    String filterId = filters.createFilterQuery().filterName(TasklistFilters.MY_UNIT).singleResult().getId();

    JsonNode first = listAsTasklist("village", filterId);
    JsonNode again = listAsTasklist("village", filterId);

    for (JsonNode page : new JsonNode[] {first, again}) {
      assertThat(page.path("_embedded").path("processDefinition").findValuesAsText("id")).contains(definitionId);
      assertThat(page.path("_embedded").path("task").findValuesAsText("processInstanceId")).contains(pi);
    }
    assertThat(Hal.getInstance().getHalRelationCache(HalProcessDefinition.class).get(definitionId))
        .as("the page's definition is kept for the next page").isNotNull();
  }

  /** The list as Tasklist asks for it: HAL, newest first. */
  private JsonNode listAsTasklist(String user, String filterId) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.ACCEPT, "application/hal+json, application/json; q=0.5");
    Map<String, Object> body = Map.of("processVariables", new Object[0], "taskVariables", new Object[0],
        "caseInstanceVariables", new Object[0], "sorting", new Object[] {Map.of("sortBy", "created",
            "sortOrder", "desc")});
    ResponseEntity<String> r = http.withBasicAuth(user, "demo").exchange("/engine-rest/filter/" + filterId
        + "/list?firstResult=0&maxResults=15", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return new ObjectMapper().readTree(r.getBody());
  }
}
