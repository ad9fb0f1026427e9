package cn.panyu.card.individual;

import static cn.panyu.card.engine.UploadedFiles.bytes;
import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.application.RegistrationService.RegistrationRefused;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.stereotype.Component;

/**
 * Stores a checked registration with its scanned form and photo: from here on the applicant's data live in
 * the application table and leave the process instance. A claim lost to another application of the same
 * person (ALREADY_APPLIED) sends the registration back for correction.
 */
@Component("registerApplication")
public class RegisterApplicationDelegate implements JavaDelegate {

  private final IndividualRegistrations registrations;
  private final IndividualUnits units;

  public RegisterApplicationDelegate(IndividualRegistrations registrations, IndividualUnits units) {
    this.registrations = registrations;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getVariable(Var.APPLICATION_NUMBER) == null) {
      IndividualRegistration registration = RegistrationForm.from(execution);
      String actor = (String) execution.getVariable(Var.REGISTERED_BY);
      FileValue photo = execution.getVariableTyped(Var.PHOTO_FILE);
      FileValue scan = execution.getVariableTyped(Var.REGISTRATION_SCAN);
      String number;
      try {
        number = registrations.register(registration, bytes(photo), scan == null || scan.getValue() == null ? null
            : new IndividualRegistrations.Scan(scan.getFilename(),
                scan.getMimeType() == null ? "application/octet-stream" : scan.getMimeType(), bytes(scan)),
            actor, execution.getProcessInstanceId());
      } catch (RegistrationRefused refused) {
        RegistrationForm.refuseOrPass(execution, refused.errors());
        return;
      }
      execution.setVariable(Var.APPLICATION_NUMBER, number);
      execution.setProcessBusinessKey(number);
      execution.removeVariables(List.of(Var.APPLICANT_FIELDS));
      execution.removeVariables(List.of(Var.PHOTO_FILE, Var.REGISTRATION_SCAN));
    }
    // the gateways right after this step: transient, never stored
    execution.setVariable(Var.INTAKE_VALID, Variables.booleanValue(true, true));
    execution.setVariable(Var.REGISTERED, Variables.booleanValue(true, true));
    // the applicant's name, like the rest of the personal data, lives in the application table only: the forms that
    // show it read it there (the task's input mapping); an API registration passed it as a start variable
    execution.removeVariable(Var.APPLICANT_NAME);
    units.grantSupervisorsRead(execution);
  }

}
