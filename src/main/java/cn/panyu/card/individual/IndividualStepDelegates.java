package cn.panyu.card.individual;

import static cn.panyu.card.engine.Actors.actor;
import static cn.panyu.card.engine.UploadedFiles.bytes;
import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.application.ApplicantCorrection;
import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.notification.Notifications;
import java.util.List;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks and form checks of {@code individual-issuance} that pass the application number, the form's
 * fields and who acted to {@link IndividualApplications}. Each bean name is the one the BPMN names.
 */
@Configuration
public class IndividualStepDelegates {

  /** The fields of the follow-up and card-data forms: personal data, in the instance only while a form is open. */
  static final List<String> CORRECTION_FIELDS = List.of("name", "gender", "phone", "bank", "photoSource",
      "studioReceipt", PHOTO_FILE.name());

  private static String number(VariableScope e) {
    return APPLICATION_NUMBER.get(e);
  }

  private static String str(VariableScope e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  private static ApplicantCorrection correction(VariableScope e) {
    return new ApplicantCorrection(str(e, "name"), str(e, "gender"), str(e, "phone"), str(e, "bank"),
        str(e, "photoSource"), str(e, "studioReceipt"), bytes(PHOTO_FILE.getOrNull(e)));
  }


  /** 读取申请资料: the registered data, for the form to open with (removed again by the step after the form). */
  @Bean
  JavaDelegate loadApplicantData(ApplicationRepository applications) {
    return e -> {
      Application a = applications.get(number(e));
      e.setVariable("name", a.name());
      e.setVariable("gender", a.gender());
      e.setVariable("phone", a.phone());
      e.setVariable("bank", a.bank());
      e.setVariable("photoSource", a.photoSource());
    };
  }

  /**
   * 核对更正内容, right after 告知申请人，更正或撤回 in its transaction: a correction must change what made the card
   * impossible; if not, the completion is refused with the reason, which the form shows.
   */
  @Bean
  JavaDelegate checkFollowUp(IndividualApplications apps) {
    return e -> refuse(apps.followUpProblem(number(e), INELIGIBLE_REASON.getOrNull(e),
        FOLLOW_UP_ACTION.getOrNull(e), correction(e)));
  }

  /** 核对卡面更正内容, right after 更正卡面信息: the new card must not carry the same data. */
  @Bean
  JavaDelegate checkCardData(IndividualApplications apps) {
    return e -> refuse(apps.cardDataProblem(number(e), correction(e)));
  }

  private static void refuse(String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  @Bean
  JavaDelegate applyCorrection(IndividualApplications apps) {
    return e -> {
      apps.correct(number(e), INELIGIBLE_REASON.getOrNull(e), correction(e), actor(e));
      e.removeVariables(CORRECTION_FIELDS);
    };
  }

  @Bean
  JavaDelegate withdrawApplication(IndividualApplications apps) {
    return e -> {
      apps.withdraw(number(e), actor(e));
      e.removeVariables(CORRECTION_FIELDS);
    };
  }

  @Bean
  JavaDelegate recordCardIssued(IndividualApplications apps) {
    return e -> apps.issue(number(e), actor(e));
  }

  @Bean
  JavaDelegate recordCardActivated(IndividualApplications apps) {
    return e -> apps.activate(number(e));
  }

  @Bean
  JavaDelegate remakeCard(IndividualApplications apps) {
    return e -> {
      RECOVERY_BOX.set(e, apps.remake(number(e), correction(e), DATA_ERROR_NOTE.getOrNull(e), actor(e)));
      e.removeVariables(CORRECTION_FIELDS);
    };
  }

  @Bean
  JavaDelegate boxOverdueCard(IndividualApplications apps) {
    return e -> RECOVERY_BOX.set(e, apps.recoverOverdue(number(e)));
  }

  /** A registration that never passed the rules: its personal data leave the instance. */
  @Bean
  JavaDelegate abandonRegistration() {
    return e -> {
      e.removeVariables(List.of(APPLICANT_FIELDS));
      REGISTERED.setTransient(e, false);
    };
  }

  /** Reminders (collection, activation): a notification record for staff to see and the sender to send. */
  @Bean
  JavaDelegate notifyApplicant(Notifications notifications) {
    return e -> notifications.notifyApplicant(number(e), NOTIFICATION_KIND.get(e));
  }
}
