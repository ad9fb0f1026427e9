package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.application.RegistrationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
    if (APPLICATION_NUMBER.getOrNull(execution) != null) {
      units.assignVillage(execution, VILLAGE_CODE.get(execution));
      // both decide the gateways of this step only: transient, never stored
      CHANNEL.setTransient(execution, CHANNEL_API);
      INTAKE_VALID.setTransient(execution, true);
      return;
    }
    units.assignVillage(execution, villageOf(execution));
    CHANNEL.setTransient(execution, CHANNEL_TASKLIST);
    RegistrationForm.refuseOrPass(execution, registrations.check(RegistrationForm.from(execution), null, false));
  }

  private String villageOf(DelegateExecution execution) {
    String given = VILLAGE_CODE.getOrNull(execution);
    return given != null ? given : units.villageOfUser(REGISTERED_BY.getOrNull(execution));
  }
}
