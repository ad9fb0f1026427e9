package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.RowError;
import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** The registration form's variables, read into a registration, and the verdict written back for the forms. */
final class RegistrationForm {

  private RegistrationForm() {}

  static IndividualRegistration from(DelegateExecution e) {
    ApplicantData applicant = new ApplicantData(str(e, "name"), str(e, "gender"), str(e, "idNumber"),
        str(e, "phone"), str(e, "bank"), str(e, "residency"), str(e, "workId"), str(e, "enterpriseEmployee"));
    return new IndividualRegistration(applicant, str(e, "photoSource"), str(e, "studioReceipt"),
        str(e, "remarks"), VILLAGE_CODE.getOrNull(e), yes(e, "holdsGuangzhouIdCard"));
  }

  /** A 是/否 radio (or a checkbox): null when the form did not ask. */
  private static Boolean yes(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    String s = v.toString().strip();
    return s.isEmpty() ? null : ApplicantData.YES.equals(s) || "true".equalsIgnoreCase(s);
  }

  /** Valid: on to the next step. Refused: the reasons, one per line, and the correction form opens on "correct". */
  static void refuseOrPass(DelegateExecution e, List<RowError> errors) {
    // read by the gateway right after this step: transient, never stored
    INTAKE_VALID.setTransient(e, errors.isEmpty());
    if (errors.isEmpty()) {
      INTAKE_ERRORS_TEXT.remove(e);
    } else {
      INTAKE_ERRORS_TEXT.set(e, errors.stream()
          .map(r -> "· " + r.message() + "（" + r.reason() + "）").collect(Collectors.joining("\n")));
      CORRECTION_ACTION.set(e, "CORRECT");
    }
  }

  private static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }
}
