package cn.panyu.card.individual;

import static cn.panyu.card.engine.UploadedFiles.bytes;
import static cn.panyu.card.individual.IndividualIssuance.*;

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
    if (APPLICATION_NUMBER.getOrNull(execution) == null) {
      IndividualRegistration registration = RegistrationForm.from(execution);
      String actor = REGISTERED_BY.getOrNull(execution);
      FileValue photo = PHOTO_FILE.getOrNull(execution);
      FileValue scan = REGISTRATION_SCAN.getOrNull(execution);
      String number;
      try {
        number = registrations.register(registration, bytes(photo), scan == null ? null
            : new IndividualRegistrations.Scan(scan.getFilename(),
                scan.getMimeType() == null ? "application/octet-stream" : scan.getMimeType(), bytes(scan)),
            actor, execution.getProcessInstanceId());
      } catch (RegistrationRefused refused) {
        RegistrationForm.refuseOrPass(execution, refused.errors());
        return;
      }
      APPLICATION_NUMBER.set(execution, number);
      execution.setProcessBusinessKey(number);
      execution.removeVariables(List.of(APPLICANT_FIELDS));
      PHOTO_FILE.remove(execution);
      REGISTRATION_SCAN.remove(execution);
    }
    // the gateways right after this step: transient, never stored
    INTAKE_VALID.setTransient(execution, true);
    REGISTERED.setTransient(execution, true);
    // the applicant's name, like the rest of the personal data, lives in the application table only: the forms that
    // show it read it there (the task's input mapping); an API registration passed it as a start variable
    APPLICANT_NAME.remove(execution);
    units.grantSupervisorsRead(execution);
  }

}
