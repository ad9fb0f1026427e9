package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.Documents;
import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.application.RegistrationService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A village's registration of one applicant, by either channel: over the API it is stored first and its
 * {@code individual-issuance} instance started after; in Tasklist the instance runs already and stores it in its
 * first service task. Either way the applicant's data live in the application table from then on.
 */
@Service
public class IndividualRegistrations {

  /** A registration the API took: the application and its instance. */
  public record Registered(String applicationNumber, String processInstanceId) {}

  /** A scanned registration form that comes with a Tasklist registration. */
  public record Scan(String fileName, String contentType, byte[] content) {}

  private final RegistrationService registrations;
  private final ApplicationRepository applications;
  private final Documents documents;
  private final RuntimeService runtime;

  public IndividualRegistrations(RegistrationService registrations, ApplicationRepository applications,
      Documents documents, RuntimeService runtime) {
    this.registrations = registrations;
    this.applications = applications;
    this.documents = documents;
    this.runtime = runtime;
  }

  /** The API channel: the photo comes with the registration; refused registrations store nothing. */
  @Transactional
  public Registered registerAndStart(IndividualRegistration registration, byte[] photo, String actor) {
    String number = registrations.register(registration, photo, true, actor);
    String instance = runtime.startProcessInstanceByKey(PROCESS_KEY, number,
        APPLICATION_NUMBER.with(number)
            .and(VILLAGE_CODE, registration.villageCode())
            .and(REGISTERED_BY, actor)).getId();
    applications.setProcessInstance(number, instance);
    return new Registered(number, instance);
  }

  /** The Tasklist channel, inside the running instance: the photo follows in a later step unless uploaded now. */
  public String register(IndividualRegistration registration, byte[] photo, Scan scan, String actor,
      String processInstanceId) {
    String number = registrations.register(registration, photo,
        IndividualRegistration.UPLOAD.equals(registration.photoSource()), actor);
    if (scan != null) {
      applications.attachDocuments(number, documents.store("REGISTRATION_FORM", scan.fileName(),
          scan.contentType(), scan.content(), actor), null);
    }
    applications.setProcessInstance(number, processInstanceId);
    return number;
  }
}
