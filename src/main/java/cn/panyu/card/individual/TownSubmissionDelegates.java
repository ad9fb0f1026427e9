package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.application.Submissions;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.org.InstanceAccess;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service tasks of {@code town-submission}, in front of {@link TownSubmissions} and {@link Submissions}. */
@Configuration
public class TownSubmissionDelegates {

  private static String submission(DelegateExecution e) {
    return SUBMISSION_ID.get(e);
  }

  /** The daily timer: one submission instance per town that has applications waiting. */
  @Bean
  JavaDelegate startTownSubmissions(TownSubmissions submissions, RuntimeService runtime) {
    return e -> submissions.townsWithPendingApplications().forEach(town ->
        runtime.startProcessInstanceByKey(SUBMISSION_PROCESS_KEY, TOWN_CODE.with(town).and(STARTED_BY, "system")));
  }

  @Bean
  JavaDelegate aggregateTownApplications(TownSubmissions submissions, InstanceAccess access) {
    return e -> {
      String given = TOWN_CODE.getOrNull(e);
      String town = given != null ? given : submissions.townOfUser(STARTED_BY.getOrNull(e));
      TownSubmissions.Aggregate a = submissions.aggregate(town, e.getProcessInstanceId());
      TOWN_CODE.set(e, a.town().code());
      TOWN_GROUP.set(e, a.town().groupId());
      TOWN_NAME.set(e, a.town().name());
      APPLICATION_COUNT.set(e, a.count());
      SUBMISSION_ID.set(e, a.submissionId());
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
        REFUSAL_REASON.set(e, refusal.getMessage());
        throw new BpmnError("SUBMISSION_REFUSED", refusal.getMessage());
      }
    };
  }

  @Bean
  JavaDelegate pollCardResults(Submissions submissions) {
    return e -> ALL_RESULTS_IN.set(e, submissions.pollAndCheckComplete(submission(e)));
  }

  @Bean
  JavaDelegate collectTownResults(TownSubmissions submissions) {
    return e -> {
      TownSubmissions.Results r = submissions.collectResults(submission(e), TOWN_CODE.get(e));
      MADE_COUNT.set(e, r.made());
      SHIPMENT_ID.set(e, r.shipmentId());
      INELIGIBLE_COUNT.set(e, r.ineligible());
      FEEDBACK_ID.set(e, r.feedbackId());
    };
  }
}
