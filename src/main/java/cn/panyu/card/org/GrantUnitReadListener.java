package cn.panyu.card.org;

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

  public static final String UNIT_CODE = "unitCode";

  private final InstanceAccess instanceAccess;

  public GrantUnitReadListener(InstanceAccess instanceAccess) {
    this.instanceAccess = instanceAccess;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String unitCode = (String) execution.getVariable(UNIT_CODE);
    if (unitCode == null) {
      throw new IllegalStateException("流程缺少变量 unitCode,无法确定所属单位");
    }
    instanceAccess.grantRead(execution.getProcessInstanceId(), unitCode);
  }
}
