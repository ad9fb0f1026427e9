package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.application.RegistrationService;
import cn.panyu.card.application.RegistrationService.RegistrationRefused;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.RowError;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks a registration entered in Tasklist with the intake rules and stores it; refusals go to the
 * correction task with their reasons. An application registered through the API is stored already.
 */
@Component("registerApplication")
public class RegisterApplicationDelegate implements JavaDelegate {

  private final RegistrationService registrations;
  private final IndividualUnits units;

  public RegisterApplicationDelegate(RegistrationService registrations, IndividualUnits units) {
    this.registrations = registrations;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getVariable(Var.APPLICATION_NUMBER) == null) {
      units.assignVillage(execution, villageOf(execution));
      try {
        String number = registrations.register(registrationFrom(execution), null, false,
            (String) execution.getVariable(Var.REGISTERED_BY));
        execution.setVariable(Var.APPLICATION_NUMBER, number);
        execution.setVariable(Var.CHANNEL, IndividualIssuance.CHANNEL_TASKLIST);
        execution.setVariable(Var.APPLICANT_NAME, execution.getVariable("name"));
        execution.setProcessBusinessKey(number);
        execution.removeVariables(java.util.List.of(Var.APPLICANT_FIELDS));
        execution.removeVariable(Var.INTAKE_ERRORS_TEXT);
      } catch (RegistrationRefused refused) {
        execution.setVariable(Var.INTAKE_VALID, false);
        execution.setVariable(Var.INTAKE_ERRORS_TEXT, refused.errors().stream()
            .map(RegisterApplicationDelegate::line).collect(Collectors.joining("\n")));
        return;
      }
    } else {
      units.assignVillage(execution, (String) execution.getVariable(Var.VILLAGE_CODE));
    }
    execution.setVariable(Var.INTAKE_VALID, true);
    units.grantSupervisorsRead(execution);
  }

  private String villageOf(DelegateExecution execution) {
    Object given = execution.getVariable(Var.VILLAGE_CODE);
    if (given != null) {
      return given.toString();
    }
    return units.villageOfUser((String) execution.getVariable(Var.REGISTERED_BY));
  }

  private static IndividualRegistration registrationFrom(DelegateExecution e) {
    ApplicantData applicant = new ApplicantData(str(e, "name"), str(e, "gender"), str(e, "idNumber"),
        str(e, "phone"), str(e, "bank"), str(e, "residency"), str(e, "workId"));
    return new IndividualRegistration(applicant, str(e, "photoSource"), str(e, "studioReceipt"),
        str(e, "remarks"), (String) e.getVariable(Var.VILLAGE_CODE));
  }

  private static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  private static String line(RowError error) {
    return "· " + error.message() + "（" + error.reason() + "）";
  }
}
