package cn.panyu.card.process;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.engine.ProcessVariable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The names Java shares with the models — process keys, message names, error codes, element ids — exist in the
 * models. An analyst who renames a message or a task in Modeler learns it here, not from a message that
 * correlates nothing in production. Constants are found by their names: {@code PROCESS_KEY}/{@code *_PROCESS_KEY},
 * {@code MESSAGE_*}, {@code ERROR_*}, and values that look like element ids ({@code Task_…}, {@code Gateway_…});
 * typed variables ({@link ProcessVariable}) by their type, checked against the models of their class's process keys.
 */
class ProcessContractsTest {

  private static final Pattern ELEMENT_ID =
      Pattern.compile("(Task|Gateway|Timer|Boundary|EndEvent|StartEvent|SubProcess|Event|CallActivity)_[A-Za-z]+");

  /**
   * Typed variables that only Java reads and writes (no model, form or table names them), each with its reason. A
   * variable that a model names, or that is gone, must leave the list.
   */
  static final Map<String, String> JAVA_ONLY = Map.ofEntries(
      entry("IndividualIssuance.VILLAGE_CODE", "a start variable of both channels; the delegates find the village by it"),
      entry("IndividualIssuance.TOWN_CODE", "the submission's town as its start variable; an application's town for "
          + "Cockpit"),
      entry("IndividualIssuance.INELIGIBLE_REASON", "the City Centre's reason code, read by the follow-up check (forms "
          + "show its text)"),
      entry("IndividualIssuance.RECOVERY_BOX", "the recovery box the card went back in, for Cockpit"),
      entry("CollectiveIssuance.INSTITUTION_CODE", "a start variable of the API and of the upload's job, read by "
          + "delegates"),
      entry("CollectiveIssuance.DEPARTMENT_CODE", "the supervising department's code beside its name and group, for "
          + "Cockpit"),
      entry("CollectiveIssuance.CHANNEL", "how the batch came in (API or Tasklist), for Cockpit"),
      entry("CardReplacement.TOWN_CODE", "the window's town, given at the start or the clerk's, read by the delegates"),
      entry("CardReplacement.SUBMISSION_ID", "the new card's submission, sent by one delegate and polled by the next"),
      entry("CardResultMessage.SUBMISSION_ID", "the result's submission, Cockpit's way to its boxes; no step reads it"),
      entry("CardResultMessage.INELIGIBLE_REASON", "the reason's code, which the follow-up's delegates check a correction"
          + " against; the forms show its text"),
      entry("CardHandoverProcess.PURPOSE", "what the box is for (delivery, recovery, sign-off sheets), for Cockpit"),
      entry("CardHandoverProcess.FROM_LOCATION", "where the box comes from, for Cockpit; the forms show its name"),
      entry("CardHandoverProcess.RECEIVED_BY", "who confirmed the receipt: the task listener writes it for the "
          + "recording delegate"),
      entry("CardHandoverProcess.RESOLVED_BY", "who checked the discrepancy: the task listener writes it for the "
          + "recording delegate"),
      entry("IneligibleFeedbackProcess.FEEDBACK_ID", "the input the callers' call activities pass (town-submission, "
          + "collective-issuance name it); the delegates find the list by it"),
      entry("IneligibleFeedbackProcess.MODE", "the list's channel (individual or collective), for Cockpit"),
      entry("ProgressBulletinProcess.BULLETIN_ID", "the draft the build step made, read by the publishing or "
          + "discarding step"),
      entry("GrantUnitReadListener.UNIT_CODE", "the input of the grantUnitRead start listener, which any model may "
          + "use; card-replacement's start step writes it for Cockpit"));

  /** Contract classes the check must reach: one whose variables went back to String names would drop out unseen. */
  static final Set<String> CONTRACTS = Set.of("CardResultMessage", "IndividualIssuance", "CollectiveIssuance",
      "CardReplacement", "CardHandoverProcess", "CardShipment", "IneligibleFeedbackProcess", "ProgressBulletinProcess");

  static String models;
  static List<Field> constants;
  static List<Field> variables;

  @BeforeAll
  static void read() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        text.append(Files.readString(f));
      }
    }
    models = text.toString();
    constants = new ArrayList<>();
    variables = new ArrayList<>();
    Path classes = Path.of("target/classes");
    try (Stream<Path> files = Files.walk(classes.resolve("cn/panyu/card"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        for (Field field : Class.forName(name, false, ProcessContractsTest.class.getClassLoader())
            .getDeclaredFields()) {
          int m = field.getModifiers();
          if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == String.class) {
            constants.add(field);
          } else if (Modifier.isStatic(m) && field.getType() == ProcessVariable.class) {
            variables.add(field);
          }
        }
      }
    }
  }

  static String value(Field f) {
    return (String) read(f);
  }

  static Object read(Field f) {
    try {
      f.setAccessible(true);
      return f.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static Set<String> attributeValues(String element, String attribute) {
    Set<String> values = new HashSet<>();
    Matcher m = Pattern.compile("<bpmn:" + element + "\\b[^>]*\\b" + attribute + "=\"([^\"]+)\"").matcher(models);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  static String where(Field f) {
    return f.getDeclaringClass().getSimpleName() + "." + f.getName();
  }

  @Test
  void processKeysMessagesAndErrorsNamedInJavaAreInTheModels() {
    Set<String> processes = attributeValues("process", "id");
    Set<String> messages = attributeValues("message", "name");
    Set<String> errors = attributeValues("error", "errorCode");
    int checked = 0;
    for (Field f : constants) {
      String n = f.getName();
      if (n.equals("PROCESS_KEY") || n.endsWith("_PROCESS_KEY")) {
        assertThat(processes).as("process of %s", where(f)).contains(value(f));
      } else if (n.startsWith("MESSAGE_")) {
        assertThat(messages).as("message of %s", where(f)).contains(value(f));
      } else if (n.startsWith("ERROR_")) {
        assertThat(errors).as("error code of %s", where(f)).contains(value(f));
      } else {
        continue;
      }
      checked++;
    }
    assertThat(checked).as("constants checked").isGreaterThanOrEqualTo(10);
  }

  @Test
  void elementIdsNamedInJavaAreInTheModels() {
    Set<String> ids = new HashSet<>();
    Matcher m = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(models);
    while (m.find()) {
      ids.add(m.group(1));
    }
    int checked = 0;
    for (Field f : constants) {
      String v = value(f);
      if (v != null && ELEMENT_ID.matcher(v).matches()) {
        assertThat(ids).as("element of %s", where(f)).contains(v);
        checked++;
      }
    }
    assertThat(checked).as("element ids checked").isPositive();
  }

  /**
   * A variable Java reads or writes is one its process's models know: named in the BPMN of one of its class's
   * process keys, or in a form or decision table that BPMN uses. A variable the models dropped fails here, not in a
   * step that waits for a value nobody writes any more.
   */
  @Test
  void variablesDeclaredInJavaAreNamedInTheirProcessModels() throws IOException {
    Map<Class<?>, String> modelsOfClass = new HashMap<>();
    Set<String> javaOnly = new HashSet<>();
    for (Field f : variables) {
      String text = modelsOfClass.computeIfAbsent(f.getDeclaringClass(), ProcessContractsTest::modelsOf);
      String name = ((ProcessVariable<?>) read(f)).name();
      boolean named = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(text).find();
      if (JAVA_ONLY.containsKey(where(f))) {
        assertThat(named).as("%s is named in its models: take it off JAVA_ONLY", where(f)).isFalse();
        javaOnly.add(where(f));
      } else {
        assertThat(named).as("variable '%s' of %s is named in the models of its process keys (or on JAVA_ONLY with "
            + "the reason)", name, where(f)).isTrue();
      }
    }
    assertThat(JAVA_ONLY.keySet()).as("JAVA_ONLY names declared variables only").isEqualTo(javaOnly);
    assertThat(modelsOfClass.entrySet()).as("process contract classes checked against their models")
        .filteredOn(c -> !c.getValue().isEmpty()).extracting(c -> c.getKey().getSimpleName())
        .containsAll(CONTRACTS);
    assertThat(variables).as("typed variables checked").hasSizeGreaterThanOrEqualTo(130);
  }

  /** The BPMN of each process key the class declares, with the forms and decision tables each one uses. */
  static String modelsOf(Class<?> contract) {
    List<String> keys = constants.stream().filter(f -> f.getDeclaringClass() == contract)
        .filter(f -> f.getName().equals("PROCESS_KEY") || f.getName().endsWith("_PROCESS_KEY"))
        .map(ProcessContractsTest::value).toList();
    // a class without a process key (a listener's input) has no models: its variables must be on JAVA_ONLY
    StringBuilder text = new StringBuilder();
    try {
      for (String key : keys) {
        String bpmn = Files.readString(Path.of("processes", key + ".bpmn"));
        text.append(bpmn);
        for (String form : matches(bpmn, "camunda:formRef=\"([^\"]+)\"")) {
          text.append(Files.readString(Path.of("forms", form + ".form")));
        }
        for (String form : matches(bpmn, "camunda:formKey=\"embedded:app:forms/([^\"]+)\"")) {
          text.append(Files.readString(Path.of("forms", form)));
        }
        for (String decision : matches(bpmn, "camunda:decisionRef=\"([^\"]+)\"")) {
          text.append(Files.readString(Path.of("processes", decision + ".dmn")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static Set<String> matches(String text, String regex) {
    Set<String> found = new HashSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void theModelsOwnEveryMessageJavaCorrelates() throws IOException {
    // a message correlated from Java by a literal instead of a constant escapes the checks above
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String java = Files.readString(f);
        assertThat(java).as("%s correlates messages by constant", f)
            .doesNotContainPattern("createMessageCorrelation\\(\\s*\"")
            .doesNotContainPattern("correlateMessage\\(\\s*\"");
      }
    }
  }
}
