package cn.panyu.card.security;

import cn.panyu.card.personaldata.Masking;
import java.util.Set;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.producer.CacheAwareHistoryEventProducer;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * The engine's history event producer, with the values of personal-data variables masked before any
 * history row is written: {@code ACT_HI_VARINST} and {@code ACT_HI_DETAIL} (variable updates and submitted
 * form fields) keep that a variable was set, when, in which step and by whose operation, but not an ID
 * number, a phone or a name in clear. The runtime variable itself is untouched (the process still reads it
 * until the registration moves the data into the application table).
 */
public class PersonalDataHistoryProducer extends CacheAwareHistoryEventProducer {

  private static final String STRING_SERIALIZER = "string";
  private static final String NULL_SERIALIZER = "null";

  private final Set<String> personalData;

  public PersonalDataHistoryProducer(Set<String> personalDataVariables) {
    this.personalData = Set.copyOf(personalDataVariables);
  }

  @Override
  protected void initHistoricVariableUpdateEvt(HistoricVariableUpdateEventEntity evt,
      VariableInstanceEntity variableInstance, HistoryEventType eventType) {
    super.initHistoricVariableUpdateEvt(evt, variableInstance, eventType);
    if (!personalData.contains(evt.getVariableName())) {
      return;
    }
    if (STRING_SERIALIZER.equals(evt.getSerializerName()) && evt.getTextValue() != null) {
      evt.setTextValue(mask(evt.getTextValue()));
      evt.setTextValue2(null);
    } else {
      // anything but plain text (a serialized object, a file) keeps no value in history at all
      evt.setSerializerName(NULL_SERIALIZER);
      evt.setTextValue(null);
      evt.setTextValue2(null);
      evt.setLongValue(null);
      evt.setDoubleValue(null);
      evt.setByteValue(null);
    }
  }

  @Override
  public HistoryEvent createFormPropertyUpdateEvt(ExecutionEntity execution, String propertyId, String propertyValue,
      String taskId) {
    HistoryEvent evt = super.createFormPropertyUpdateEvt(execution, propertyId, propertyValue, taskId);
    if (personalData.contains(propertyId) && evt instanceof HistoricFormPropertyEventEntity form) {
      form.setPropertyValue(mask(propertyValue));
    }
    return evt;
  }

  /**
   * An ID number keeps its first and last four characters, a phone its first three and last four (as in
   * the logs), anything else its first character: enough to tell two records apart, not to find a person.
   */
  static String mask(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.matches("[0-9]{15}|[0-9]{17}[0-9Xx]")) {
      return Masking.idNumber(v);
    }
    if (v.matches("\\+?[0-9 -]{7,}")) {
      return Masking.phone(v.replaceAll("[^0-9]", ""));
    }
    return v.isEmpty() ? v : v.substring(0, v.offsetByCodePoints(0, 1)) + "*".repeat(Math.max(1,
        v.codePointCount(0, v.length()) - 1));
  }
}
