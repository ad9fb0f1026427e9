package cn.panyu.card.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a form lets its user submit, read from the form itself: a Camunda Form's field keys, an
 * embedded HTML form's {@code cam-variable-name} attributes and the variables its script creates. Read-only
 * and disabled fields, and the variables an embedded form's script fetches to show them, show a value without
 * offering to change it: they are listed apart (Tasklist may send them back unchanged).
 *
 * <p>Read from the deployed forms (not a list kept in Java), because analysts edit the forms and the models
 * change: a new field is writable as soon as it is on the form, a removed one no longer.
 *
 * @param form a name for messages (the form's id or file)
 * @param editable variables the form submits with the user's values
 * @param readOnly variables the form shows (and may send back unchanged) but does not let the user change
 */
public record FormFields(String form, Set<String> editable, Set<String> readOnly) {

  /** A step without a form offers nothing to set. */
  public static FormFields none(String form) {
    return new FormFields(form, Set.of(), Set.of());
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INPUT_TAG = Pattern.compile("<(?:input|select|textarea)\\b[^>]*>",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CAM_VARIABLE = Pattern.compile("cam-variable-name\\s*=\\s*[\"']([^\"']+)[\"']",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCKED_ATTRIBUTE = Pattern.compile("\\s(readonly|disabled)(\\s|=|/?>)",
      Pattern.CASE_INSENSITIVE);
  // camForm.variableManager.createVariable({ name: 'x', ... }) in a form script submits x too
  private static final Pattern CREATED_VARIABLE = Pattern.compile(
      "createVariable\\(\\s*\\{[^}]*?\\bname\\s*:\\s*[\"']([^\"']+)[\"']");

  // camForm.variableManager.fetchVariable('x') shows x; the forms SDK may send it back as it was
  private static final Pattern FETCHED_VARIABLE = Pattern.compile("fetchVariable\\(\\s*[\"']([^\"']+)[\"']");

  /** A Camunda Form (form-js JSON): every component with a key (or a path, for groups and lists). */
  public static FormFields ofCamundaForm(String json) {
    JsonNode form;
    try {
      form = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("表单内容不是有效的 JSON", e);
    }
    Set<String> editable = new TreeSet<>();
    Set<String> readOnly = new TreeSet<>();
    collect(form, editable, readOnly);
    readOnly.removeAll(editable);
    return new FormFields(form.path("id").asText("?"), editable, readOnly);
  }

  private static void collect(JsonNode container, Set<String> editable, Set<String> readOnly) {
    for (JsonNode c : container.path("components")) {
      String type = c.path("type").asText();
      // a key such as "a.b" or a group's path writes the variable "a"
      String name = c.hasNonNull("key") ? c.get("key").asText() : c.hasNonNull("path") ? c.get("path").asText() : null;
      if (name != null && !name.isBlank() && !"button".equals(type)) {
        String variable = name.split("\\.", 2)[0];
        // an expression ("=...") may make a field editable: treated as editable rather than refusing the user
        boolean locked = c.path("readonly").asBoolean(false) || c.path("disabled").asBoolean(false);
        (locked ? readOnly : editable).add(variable);
      }
      if (!c.hasNonNull("path")) {
        collect(c, editable, readOnly);
      }
    }
  }

  /** An embedded HTML form as Tasklist's forms SDK submits it. */
  public static FormFields ofHtml(String name, String html) {
    Set<String> editable = new TreeSet<>();
    Set<String> readOnly = new TreeSet<>();
    Matcher tag = INPUT_TAG.matcher(html);
    while (tag.find()) {
      Matcher variable = CAM_VARIABLE.matcher(tag.group());
      if (variable.find()) {
        (LOCKED_ATTRIBUTE.matcher(tag.group()).find() ? readOnly : editable).add(variable.group(1));
      }
    }
    Matcher fetched = FETCHED_VARIABLE.matcher(html);
    while (fetched.find()) {
      readOnly.add(fetched.group(1));
    }
    Matcher created = CREATED_VARIABLE.matcher(html);
    while (created.find()) {
      editable.add(created.group(1));
    }
    readOnly.removeAll(editable);
    return new FormFields(name, editable, readOnly);
  }
}
