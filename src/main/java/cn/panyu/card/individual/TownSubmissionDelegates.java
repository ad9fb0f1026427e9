package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.Submissions;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.org.InstanceAccess;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code town-submission}, in front of {@link TownSubmissions} and {@link Submissions}. */
@Configuration
public class TownSubmissionDelegates {

  private static String submission(DelegateExecution e) {
    return (String) e.getVariable(Var.SUBMISSION_ID);
  }

  /** The daily timer: one submission instance per town that has applications waiting. */
  @Bean
  JavaDelegate startTownSubmissions(TownSubmissions submissions, RuntimeService runtime) {
    return e -> submissions.townsWithPendingApplications().forEach(town ->
        runtime.startProcessInstanceByKey(IndividualIssuance.SUBMISSION_PROCESS_KEY,
            Variables.putValue(Var.TOWN_CODE, town).putValue(Var.STARTED_BY, "system")));
  }

  @Bean
  JavaDelegate aggregateTownApplications(TownSubmissions submissions, InstanceAccess access) {
    return e -> {
      Object given = e.getVariable(Var.TOWN_CODE);
      String town = given != null ? given.toString() : submissions.townOfUser((String) e.getVariable(Var.STARTED_BY));
      TownSubmissions.Aggregate a = submissions.aggregate(town, e.getProcessInstanceId());
      e.setVariable(Var.TOWN_CODE, a.town().code());
      e.setVariable(Var.TOWN_GROUP, a.town().groupId());
      e.setVariable(Var.TOWN_NAME, a.town().name());
      e.setVariable(Var.APPLICATION_COUNT, a.count());
      e.setVariable(Var.SUBMISSION_ID, a.submissionId());
      if (a.submissionId() != null) {
        e.setProcessBusinessKey(a.submissionId());
        access.grantRead(e.getProcessInstanceId(), a.town().code());
      }
    };
  }

  @Bean
  JavaDelegate postponeTownSubmission(Submissions submissions) {
    return e -> submissions.release(submission(e), Submissions.Status.POSTPONED);
  }

  @Bean
  JavaDelegate releaseRefusedSubmission(Submissions submissions) {
    return e -> submissions.release(submission(e), Submissions.Status.REFUSED);
  }

  /** A refusal of the whole submission is a business answer (BPMN error); an outage is retried. */
  @Bean
  JavaDelegate submitToCityCentre(Submissions submissions) {
    return e -> {
      try {
        submissions.send(submission(e));
      } catch (CityCentreRefusal refusal) {
        e.setVariable(Var.REFUSAL_REASON, refusal.getMessage());
        throw new BpmnError("SUBMISSION_REFUSED", refusal.getMessage());
      }
    };
  }

  @Bean
  JavaDelegate pollCardResults(Submissions submissions) {
    return e -> e.setVariable(Var.ALL_RESULTS_IN, submissions.pollAndCheckComplete(submission(e)));
  }

  @Bean
  JavaDelegate collectTownResults(TownSubmissions submissions) {
    return e -> {
      TownSubmissions.Results r = submissions.collectResults(submission(e), (String) e.getVariable(Var.TOWN_CODE));
      e.setVariable(Var.MADE_COUNT, r.made());
      e.setVariable(Var.SHIPMENT_ID, r.shipmentId());
      e.setVariable(Var.INELIGIBLE_COUNT, r.ineligible());
      e.setVariable(Var.FEEDBACK_ID, r.feedbackId());
    };
  }
}
