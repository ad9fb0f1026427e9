package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.RegistrationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Checks a registration entered in Tasklist with the intake rules, so that the reasons show on the next
 * step (the correction form). An application registered through the API was checked and stored already.
 */
@Component("checkApplication")
public class CheckApplicationDelegate implements JavaDelegate {

  private final RegistrationService registrations;
  private final IndividualUnits units;

  public CheckApplicationDelegate(RegistrationService registrations, IndividualUnits units) {
    this.registrations = registrations;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getVariable(Var.APPLICATION_NUMBER) != null) {
      units.assignVillage(execution, (String) execution.getVariable(Var.VILLAGE_CODE));
      // both decide the gateways of this step only: transient, never stored
      execution.setVariable(Var.CHANNEL, Variables.stringValue(IndividualIssuance.CHANNEL_API, true));
      execution.setVariable(Var.INTAKE_VALID, Variables.booleanValue(true, true));
      return;
    }
    units.assignVillage(execution, villageOf(execution));
    execution.setVariable(Var.CHANNEL, Variables.stringValue(IndividualIssuance.CHANNEL_TASKLIST, true));
    RegistrationForm.refuseOrPass(execution, registrations.check(RegistrationForm.from(execution), null, false));
  }

  private String villageOf(DelegateExecution execution) {
    Object given = execution.getVariable(Var.VILLAGE_CODE);
    return given != null ? given.toString() : units.villageOfUser((String) execution.getVariable(Var.REGISTERED_BY));
  }
}
