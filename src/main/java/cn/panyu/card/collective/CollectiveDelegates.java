package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.*;
import static cn.panyu.card.engine.Actors.actor;

import cn.panyu.card.application.Submissions;
import cn.panyu.card.engine.ProcessVariable;
import cn.panyu.card.engine.UploadedFiles;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreRefusal;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code collective-issuance} after intake: they pass the batch number, the form's fields and
 * who acted to {@link BatchSubmissions}, {@link BatchFollowUps}, {@link BatchIssuing} and {@link CollectiveBatches},
 * and write back counts and ids. Each bean name is the one the BPMN names.
 */
@Configuration
public class CollectiveDelegates {

  private static final Logger log = LoggerFactory.getLogger(CollectiveDelegates.class);

  static String batch(DelegateExecution e) {
    return BATCH_NUMBER.get(e);
  }

  /** The content of an uploaded file variable (then removed from the instance), or null. */
  static byte[] file(DelegateExecution e, ProcessVariable<FileValue> variable) {
    try {
      return UploadedFiles.bytes(variable.getOrNull(e));
    } finally {
      variable.remove(e);
    }
  }

  static String fileName(DelegateExecution e, ProcessVariable<FileValue> variable) {
    FileValue file = variable.getOrNull(e);
    return file == null ? null : file.getFilename();
  }

  @Bean
  JavaDelegate prepareBatchSubmissions(BatchSubmissions submissions) {
    return e -> SUBMISSION_IDS.set(e, submissions.prepare(batch(e), INSTITUTION_CODE.getOrNull(e),
        e.getProcessInstanceId()));
  }

  /** A refusal of the submission is a business answer (BPMN error); an outage is retried, then an incident. */
  @Bean
  JavaDelegate submitBatchPart(Submissions submissions) {
    return e -> {
      try {
        submissions.send(SUBMISSION_ID.get(e));
      } catch (CityCentreRefusal refusal) {
        throw new BpmnError(CollectiveIssuance.ERROR_SUBMISSION_REFUSED, refusal.getMessage());
      }
    };
  }

  /** Local to the part's sub-process instance: parallel parts do not share the flag. */
  @Bean
  JavaDelegate pollBatchPartResults(Submissions submissions) {
    return e -> ALL_RESULTS_IN.setLocal(e, submissions.pollAndCheckComplete(SUBMISSION_ID.get(e)));
  }

  @Bean
  JavaDelegate releaseBatchPart(Submissions submissions) {
    return e -> submissions.release(SUBMISSION_ID.get(e), Submissions.Status.REFUSED);
  }

  @Bean
  JavaDelegate collectBatchResults(BatchSubmissions submissions) {
    return e -> {
      BatchSubmissions.Round r = submissions.collect(batch(e), SUBMISSION_IDS.get(e));
      MADE_COUNT.set(e, r.made());
      SHIPMENT_ID.set(e, r.shipmentId());
      INELIGIBLE_COUNT.set(e, r.ineligible());
      FEEDBACK_ID.set(e, r.feedbackId());
      PENDING_COUNT.set(e, r.pending());
    };
  }

  @Bean
  JavaDelegate applyIneligibleFollowUp(BatchFollowUps followUps) {
    return e -> RESUBMIT_COUNT.set(e, followUps.apply(batch(e), FOLLOW_UP_FEEDBACK_ID.getOrNull(e),
        WITHDRAW_NUMBERS.getOrNull(e), file(e, CORRECTION_PHOTOS), actor(e)));
  }

  /** One issuing record; the counts and ids are the round's sub-process's own (its input parameters). */
  @Bean
  JavaDelegate recordBatchIssuing(BatchIssuing issuing) {
    return e -> {
      String scanName = fileName(e, SIGN_OFF_SCAN);
      BatchIssuing.Issuing done = issuing.record(batch(e), SHIPMENT_ID.getOrNull(e), NOT_COLLECTED.getOrNull(e),
          DATA_ERROR_NUMBERS.getOrNull(e), file(e, SIGN_OFF_SCAN), scanName, actor(e));
      REMAINING_COUNT.set(e, done.remaining());
      DATA_ERROR_COUNT.set(e, done.dataErrors());
      SHEETS_SHIPMENT_ID.set(e, done.sheetsShipmentId());
      CARD_DATA_CORRECTIONS.set(e, done.dataErrorText());
      NOT_COLLECTED.set(e, "");
      DATA_ERROR_NUMBERS.set(e, "");
    };
  }

  @Bean
  JavaDelegate boxUncollectedCards(BatchIssuing issuing) {
    return e -> issuing.boxUncollected(SHIPMENT_ID.getOrNull(e));
  }

  /** On completing the correction form: the corrections must fit the people it listed (the form shows why not). */
  @Bean
  TaskListener checkBatchCardData(BatchIssuing issuing) {
    return t -> issuing.checkCardDataCorrections(CARD_DATA_LISTED.getOrNull(t),
        CARD_DATA_CORRECTIONS.getOrNull(t));
  }

  /**
   * The wrong cards are reported to the City Card Centre before their people go again, as in the individual path:
   * otherwise the centre, which makes one card per application, answers with the wrong card again. Each call is
   * idempotent (a retried job repeats it); a refusal does not hold up the remake.
   */
  @Bean
  JavaDelegate reportWrongBatchCards(BatchIssuing issuing, CityCentreClient client) {
    return e -> {
      for (String card : issuing.wrongCards(CARD_DATA_LISTED.getOrNull(e))) {
        try {
          client.reportCard(card, CardReportReason.DATA_CHANGE);
        } catch (CityCentreRefusal refusal) {
          log.warn("The City Card Centre refused the report of wrong card {}: {}", card, refusal.getMessage());
        }
      }
    };
  }

  @Bean
  JavaDelegate applyBatchCardDataCorrection(BatchIssuing issuing) {
    return e -> issuing.applyCardDataCorrections(CARD_DATA_LISTED.getOrNull(e), CARD_DATA_CORRECTIONS.getOrNull(e),
        actor(e));
  }

  @Bean
  JavaDelegate withdrawBatch(CollectiveBatches batches) {
    return e -> batches.withdrawBatch(batch(e), actor(e));
  }
}
