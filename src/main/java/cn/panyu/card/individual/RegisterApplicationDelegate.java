package cn.panyu.card.individual;

import static cn.panyu.card.engine.UploadedFiles.bytes;
import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.application.RegistrationService.RegistrationRefused;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
      execution.setVariable(Var.APPLICANT_NAME, registration.applicant().name());
      execution.setProcessBusinessKey(number);
      execution.removeVariables(List.of(Var.APPLICANT_FIELDS));
      execution.removeVariables(List.of(Var.PHOTO_FILE, Var.REGISTRATION_SCAN));
    }
    execution.setVariable(Var.INTAKE_VALID, true);
    execution.setVariable(Var.REGISTERED, true);
    units.grantSupervisorsRead(execution);
  }

}
