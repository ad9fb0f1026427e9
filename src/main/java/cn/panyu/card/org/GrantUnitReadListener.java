package cn.panyu.card.org;

import cn.panyu.card.engine.ProcessVariable;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Start listener for a process: {@code <camunda:executionListener event="start"
 * delegateExpression="${grantUnitRead}"/>}. Reads the variable {@code unitCode} (the unit the
 * instance belongs to) and lets that unit and the units above it read the instance.
 */
@Component("grantUnitRead")
public class GrantUnitReadListener implements ExecutionListener {

  /** the input of this listener, not of one process: any model that starts with it names its unit here */
  public static final ProcessVariable<String> UNIT_CODE = ProcessVariable.of("unitCode", String.class);

  private final InstanceAccess instanceAccess;

  public GrantUnitReadListener(InstanceAccess instanceAccess) {
    this.instanceAccess = instanceAccess;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String unitCode = UNIT_CODE.getOrNull(execution);
    if (unitCode == null) {
      throw new IllegalStateException("流程缺少变量 unitCode,无法确定所属单位");
    }
    instanceAccess.grantRead(execution.getProcessInstanceId(), unitCode);
  }
}
