package cn.panyu.card.benchmark.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Camunda Tasklist asks of the engine's REST API when a member of staff works, done as that user (through
 * Tasklist's session when the {@link Rest} client is {@link Rest#asTasklist}): the unit's task list through the shared filter 本单位待办 (HAL, as Tasklist
 * loads it), then per task the task, its form (the deployed Camunda Form, or the embedded HTML form the
 * application serves), the form's variables, a claim, and the form submitted with what the user changed. A Camunda
 * Form sends every field it shows (read-only ones back as they were, hidden ones not); an embedded form sends the
 * variables the user changed. A process is started the same way, through its start form.
 */
public final class Tasklist {

  /** The filter body Tasklist posts for a list page (sorted by creation, newest first). */
  private static final String LIST_BODY = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
      + "\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
  private static final String HAL = "application/hal+json, application/json; q=0.5";
  private static final String MY_UNIT = "本单位待办";
  private static final Pattern CAM_VARIABLE = Pattern.compile(
      "cam-variable-name\\s*=\\s*\"([^\"]+)\"[^>]*?cam-variable-type\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern FETCHED = Pattern.compile("fetchVariable\\(\\s*'([^']+)'");
  /** {@code ['a', 'b'].forEach(function (name) { camForm.variableManager.fetchVariable(name); })} */
  private static final Pattern FETCHED_LIST = Pattern.compile(
      "\\[([^\\]]*)\\]\\.forEach\\(function \\(name\\) \\{\\s*camForm\\.variableManager\\.fetchVariable\\(name\\)");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
  private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*(!=|=)\\s*\"([^\"]*)\"\\s*");

  private final Rest rest;
  private volatile String myUnitFilter;

  public Tasklist(Rest rest) {
    this.rest = rest;
  }

  /** One field of a form: its variable, how it is shown, its default. */
  record Field(String key, String type, boolean locked, Object defaultValue, String hide) {}

  /** What a user answers on a form: the fields changed (a value, or a {@link Rest.FilePart} for a file). */
  public interface Answer {
    /** {@code task}: the task as listed (null for a start form). */
    Map<String, Object> fill(String taskKey, JsonNode task, Map<String, Object> shown);
  }

  // ------------------------------------------------------------------------------------------ lists

  /** The first page of the unit's tasks, as Tasklist shows it after login or a refresh (list and count). */
  public List<JsonNode> myUnitPage(String user, int max) {
    String filter = myUnitFilter(user);
    JsonNode page = rest.post(user, "/engine-rest/filter/" + filter + "/list?firstResult=0&maxResults=" + max,
        LIST_BODY, HAL);
    rest.get(user, "/engine-rest/filter/" + filter + "/count");
    List<JsonNode> tasks = new ArrayList<>();
    (page.isArray() ? page : page.path("_embedded").path("task")).forEach(tasks::add);
    return tasks;
  }

  private String myUnitFilter(String user) {
    if (myUnitFilter == null) {
      for (JsonNode f : rest.get(user, "/engine-rest/filter?resourceType=Task")) {
        if (MY_UNIT.equals(f.path("name").asText())) {
          myUnitFilter = f.path("id").asText();
        }
      }
      if (myUnitFilter == null) {
        throw new IllegalStateException(user + " sees no filter " + MY_UNIT);
      }
    }
    return myUnitFilter;
  }

  // ------------------------------------------------------------------------------------------ tasks

  /** Opens the task, claims it and submits its form with the user's answer. */
  public void work(String user, JsonNode listed, Answer answer) {
    String id = listed.path("id").asText();
    String taskKey = listed.path("taskDefinitionKey").asText();
    String path = "/engine-rest/task/" + id;
    rest.get(user, path);
    JsonNode form = rest.get(user, path + "/form");
    Form f = form(user, form, path + "/deployed-form");
    JsonNode variables = rest.get(user, path + "/form-variables" + f.variableNames());
    if (listed.path("assignee").isNull() || listed.path("assignee").isMissingNode()) {
      rest.post(user, path + "/claim", Map.of("userId", user));
    }
    Map<String, Object> submit = f.submission(taskKey, listed, variables, answer);
    rest.post(user, path + "/submit-form", Map.of("variables", submit));
  }

  /** Starts the process through its start form, as the user; the new instance. */
  public JsonNode start(String user, String processKey, Answer answer) {
    String path = "/engine-rest/process-definition/key/" + processKey;
    JsonNode form = rest.get(user, path + "/startForm");
    Form f = form(user, form, path + "/deployed-start-form");
    JsonNode variables = rest.get(user, path + "/form-variables" + f.variableNames());
    return rest.post(user, path + "/submit-form", Map.of("variables", f.submission(processKey, null, variables,
        answer)));
  }

  private Form form(String user, JsonNode formInfo, String deployedFormPath) {
    String key = formInfo.path("key").asText("");
    if (formInfo.hasNonNull("camundaFormRef") || key.startsWith("camunda-forms:")) {
      return Form.camunda(rest.get(user, deployedFormPath));
    }
    if (key.startsWith("embedded:app:")) {
      // the browser fetches the application's static form (Tasklist's forms SDK, then the form's own script)
      return Form.embedded(rest.getText(null, "/" + key.substring("embedded:app:".length())));
    }
    return new Form(List.of(), false, Set.of());
  }

  /** A form's fields, and how Tasklist submits them. */
  record Form(List<Field> fields, boolean camundaForm, Set<String> fetched) {

    static Form camunda(JsonNode json) {
      List<Field> fields = new ArrayList<>();
      collect(json, fields);
      return new Form(fields, true, Set.of());
    }

    private static void collect(JsonNode container, List<Field> fields) {
      for (JsonNode c : container.path("components")) {
        if (c.hasNonNull("key") && !"button".equals(c.path("type").asText())) {
          Object defaultValue = c.has("defaultValue") ? Rest.JSON.convertValue(c.get("defaultValue"), Object.class)
              : null;
          fields.add(new Field(c.get("key").asText(), c.path("type").asText(), c.path("readonly").asBoolean(false),
              defaultValue, c.path("conditional").path("hide").asText(null)));
          // a disabled field is not submitted at all
          if (c.path("disabled").asBoolean(false)) {
            fields.remove(fields.size() - 1);
          }
        }
        collect(c, fields);
      }
    }

    static Form embedded(String html) {
      List<Field> fields = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      Matcher m = CAM_VARIABLE.matcher(html);
      while (m.find()) {
        if (seen.add(m.group(1))) {
          fields.add(new Field(m.group(1), m.group(2), false, null, null));
        }
      }
      Set<String> fetched = new LinkedHashSet<>(seen);
      Matcher f = FETCHED.matcher(html);
      while (f.find()) {
        fetched.add(f.group(1));
      }
      Matcher list = FETCHED_LIST.matcher(html);
      while (list.find()) {
        Matcher q = QUOTED.matcher(list.group(1));
        while (q.find()) {
          fetched.add(q.group(1));
        }
      }
      return new Form(fields, false, fetched);
    }

    /** Tasklist asks a Camunda Form's variables all at once, an embedded form's by name. */
    String variableNames() {
      return camundaForm || fetched.isEmpty() ? "" : "?variableNames=" + Rest.encode(String.join(",", fetched));
    }

    Map<String, Object> submission(String taskKey, JsonNode task, JsonNode variables, Answer answer) {
      Map<String, Object> shown = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> v = it.next();
        shown.put(v.getKey(), Rest.JSON.convertValue(v.getValue().path("value"), Object.class));
      }
      Map<String, Object> values = new LinkedHashMap<>();
      if (camundaForm) {
        for (Field field : fields) {
          Object value = shown.containsKey(field.key()) ? shown.get(field.key()) : field.defaultValue();
          if (value == null && (field.type().equals("textfield") || field.type().equals("textarea"))) {
            value = "";
          }
          values.put(field.key(), value);
        }
      }
      Map<String, Object> changed = answer == null ? Map.of() : answer.fill(taskKey, task, merged(shown, values));
      values.putAll(changed);
      Map<String, Object> submit = new LinkedHashMap<>();
      for (Field field : fields) {
        Object value = values.get(field.key());
        boolean hidden = camundaForm && field.hide() != null && hidden(field.hide(), values);
        // an embedded form sends what the user changed; a Camunda Form every field it shows with a value
        if (value == null || hidden || !camundaForm && !changed.containsKey(field.key())) {
          continue;
        }
        submit.put(field.key(), typed(value, variables.path(field.key()).path("type").asText(null)));
      }
      return submit;
    }

    private static Map<String, Object> merged(Map<String, Object> shown, Map<String, Object> values) {
      Map<String, Object> all = new LinkedHashMap<>(shown);
      all.putAll(values);
      return all;
    }

    /** form-js's simple conditions as the forms here write them: {@code =a != "X" or b = "Y"}. */
    static boolean hidden(String hide, Map<String, Object> values) {
      String expression = hide.startsWith("=") ? hide.substring(1) : hide;
      for (String part : expression.split(" or ")) {
        Matcher m = CONDITION.matcher(part);
        if (!m.matches()) {
          return false; // not understood: shown, as the safer guess for a submission the guard checks
        }
        boolean equal = m.group(3).equals(String.valueOf(values.get(m.group(1))));
        if (m.group(2).equals("=") == equal) {
          return true;
        }
      }
      return false;
    }

    private static Map<String, Object> typed(Object value, String existingType) {
      if (value instanceof Rest.FilePart file) {
        return file.asVariable();
      }
      String type = existingType != null && !existingType.equals("Null") ? existingType
          : value instanceof Boolean ? "Boolean"
          : value instanceof Integer || value instanceof Long ? "Long"
          : value instanceof Number ? "Double" : "String";
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("value", value);
      v.put("type", type);
      return v;
    }
  }
}
