package cn.panyu.card.security;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.security.EngineRestGuard.Caller;
import cn.panyu.card.security.EngineRestGuard.Refused;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;

/**
 * What a step may write, against its form: a start only the start form's fields, a completion or a write of a
 * task's variables only the task form's fields (read-only ones only with the value they have), and a variable
 * naming a unit only one of the caller's units. {@link EngineRestGuard} finds the step and the writes in the request.
 */
final class StepWrites {

  private final StepForms forms;
  private final OrgUnitRepository units;
  private final List<String> unitVariables;

  StepWrites(StepForms forms, OrgUnitRepository units, List<String> unitVariables) {
    this.forms = forms;
    this.units = units;
    this.unitVariables = unitVariables;
  }

  /** A completion or a write of a task's variables: only the fields of the task's form, read-only ones unchanged. */
  void checkTask(Caller caller, String taskId, Map<String, Write> writes) {
    Task task = forms.task(taskId);
    if (task == null) {
      return; // the engine answers 404
    }
    FormFields fields = forms.ofTask(task);
    writes.forEach((name, write) -> checkUnit(caller, name, write));
    for (Map.Entry<String, Write> w : writes.entrySet()) {
      String name = w.getKey();
      Write write = w.getValue();
      if (fields.editable().contains(name)) {
        continue;
      }
      if (fields.readOnly().contains(name)) {
        if (!write.deletion() && write.valueKnown() && same(write.value(), forms.taskVariable(taskId, name))) {
          continue; // Tasklist sends read-only fields back as they were shown
        }
        throw new Refused(400, "「" + name + "」在表单 " + fields.form() + " 中是只读项，不能修改");
      }
      throw notOnForm(fields, name);
    }
  }

  /** A start: only the start form's fields; never an ID number or a phone as the business key. */
  void checkStart(Caller caller, String id, String key, JsonNode body) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!RestPolicy.START_BODY.contains(field)) {
        throw new Refused(400, "发起流程时只能提交表单中的字段（不支持参数 " + field + "）");
      }
    }
    String businessKey = body.path("businessKey").asText("");
    if (businessKey.replaceAll("[\\s-]", "").matches("[0-9]{15}|[0-9]{17}[0-9Xx]|1[0-9]{10}")) {
      // ID numbers and phones are personal data: never a business key (DESIGN), which lists and logs show
      throw new Refused(400, "业务编号不能使用身份证号码或手机号码");
    }
    ProcessDefinition definition = forms.definition(id, key);
    if (definition == null) {
      return; // the engine answers 404
    }
    FormFields fields = forms.ofStart(definition);
    String initiator = forms.initiatorVariable(definition);
    Map<String, Write> writes = values(body.path("variables"));
    // the unit first: "not for your unit" says more than "not on the form"
    writes.forEach((name, write) -> checkUnit(caller, name, write));
    for (Map.Entry<String, Write> w : writes.entrySet()) {
      String name = w.getKey();
      Write write = w.getValue();
      if (fields.editable().contains(name)
          // naming one's own unit (checked above) says no more than the start derives from the user anyway
          || unitVariables.contains(name)
          // the engine sets the initiator to the user: the same value changes nothing
          || name.equals(initiator) && caller.userId().equals(write.value().asText())
          || fields.readOnly().contains(name) && same(write.value(), null)) {
        continue;
      }
      throw notOnForm(fields, name);
    }
  }

  /** A unit named in a unit variable must be one the user works for. */
  private void checkUnit(Caller caller, String name, Write write) {
    if (!unitVariables.contains(name) || write.deletion()) {
      return;
    }
    if (!write.valueKnown() || !write.value().isTextual()) {
      throw new Refused(403, "单位编码 " + name + " 只能填写本单位的编码");
    }
    String code = write.value().asText();
    OrgUnit unit = units.findByCode(code).orElse(null);
    if (unit == null || !caller.groups().contains(unit.groupId())) {
      throw new Refused(403, "无权为单位 " + code + (unit == null ? "" : "（" + unit.name() + "）")
          + " 办理：只能为本单位发起或办理业务");
    }
  }

  /** What a request sets: one value per variable name. */
  record Write(JsonNode value, boolean deletion, boolean valueKnown) {
    static final Write DELETION = new Write(MissingNode.getInstance(), true, false);
    static final Write UNKNOWN_VALUE = new Write(MissingNode.getInstance(), false, false);
  }

  static Map<String, Write> values(JsonNode variables) {
    Map<String, Write> writes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      writes.put(v.getKey(), new Write(v.getValue().path("value"), false, true));
    }
    return writes;
  }

  /** The submitted JSON value is the current value (numbers compared as numbers; empty text as no value). */
  static boolean same(JsonNode submitted, Object current) {
    boolean noValue = submitted == null || submitted.isNull() || submitted.isMissingNode()
        || submitted.isTextual() && submitted.asText().isEmpty();
    if (current == null || "".equals(current)) {
      return noValue;
    }
    if (noValue) {
      return false;
    }
    BigDecimal a = number(submitted.asText());
    BigDecimal b = number(current.toString());
    if (a != null && b != null) {
      return a.compareTo(b) == 0;
    }
    return submitted.asText().equals(current.toString());
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Refused notOnForm(FormFields fields, String name) {
    return new Refused(400, "表单 " + fields.form() + " 中没有「" + name + "」这一项，不能提交；只能提交表单中的字段"
        + (fields.editable().isEmpty() ? "" : "（" + String.join("、", fields.editable()) + "）"));
  }
}
