package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.notification.Notifications;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code individual-issuance} that only pass the application number (and who acted)
 * to {@link IndividualApplications}. Each bean name is the one the BPMN's delegateExpression names.
 */
@Configuration
public class IndividualStepDelegates {

  private static String number(DelegateExecution e) {
    return (String) e.getVariable(Var.APPLICATION_NUMBER);
  }

  private static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  /** The last user who completed a task here (Tasklist sets the authenticated user). */
  private static String actor(DelegateExecution e) {
    String user = e.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null ? null
        : e.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
    return user == null ? "system" : user;
  }

  @Bean
  JavaDelegate applyCorrection(IndividualApplications apps) {
    return e -> apps.correct(number(e), str(e, "photoSource"), str(e, "studioReceipt"), str(e, "bank"),
        str(e, "phone"), actor(e));
  }

  @Bean
  JavaDelegate withdrawApplication(IndividualApplications apps) {
    return e -> apps.withdraw(number(e), actor(e));
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
  JavaDelegate requestCardRemake(IndividualApplications apps) {
    return e -> apps.remake(number(e), str(e, Var.DATA_ERROR_NOTE), actor(e));
  }

  @Bean
  JavaDelegate recoverOverdueCard(IndividualApplications apps) {
    return e -> apps.recoverOverdue(number(e));
  }

  /** A registration that never passed the rules: its personal data leave the instance. */
  @Bean
  JavaDelegate abandonRegistration() {
    return e -> e.removeVariables(java.util.List.of(Var.APPLICANT_FIELDS));
  }

  /** Reminders (collection, activation): a notification record for staff to see and the sender to send. */
  @Bean
  JavaDelegate notifyApplicant(Notifications notifications) {
    return e -> notifications.notifyApplicant(number(e), (String) e.getVariable("notificationKind"));
  }
}
