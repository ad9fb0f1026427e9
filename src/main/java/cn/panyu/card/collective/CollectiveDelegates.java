package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.Var;
import static cn.panyu.card.engine.Actors.actor;

import cn.panyu.card.application.Submissions;
import cn.panyu.card.engine.UploadedFiles;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreRefusal;
import java.util.List;
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
    return (String) e.getVariable(Var.BATCH_NUMBER);
  }

  static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  /** An uploaded file, or null when none came (a variable the model declares empty holds a null value). */
  static FileValue fileValue(DelegateExecution e, String name) {
    return UploadedFiles.file(e, name);
  }

  /** The content of an uploaded file variable (then removed from the instance), or null. */
  static byte[] file(DelegateExecution e, String name) {
    try {
      return UploadedFiles.bytes(fileValue(e, name));
    } finally {
      e.removeVariable(name);
    }
  }

  static String fileName(DelegateExecution e, String name) {
    FileValue file = fileValue(e, name);
    return file == null ? null : file.getFilename();
  }

  @Bean
  JavaDelegate prepareBatchSubmissions(BatchSubmissions submissions) {
    return e -> e.setVariable(Var.SUBMISSION_IDS, submissions.prepare(batch(e), str(e, Var.INSTITUTION_CODE),
        e.getProcessInstanceId()));
  }

  /** A refusal of the submission is a business answer (BPMN error); an outage is retried, then an incident. */
  @Bean
  JavaDelegate submitBatchPart(Submissions submissions) {
    return e -> {
      try {
        submissions.send(str(e, Var.SUBMISSION_ID));
      } catch (CityCentreRefusal refusal) {
        throw new BpmnError(CollectiveIssuance.ERROR_SUBMISSION_REFUSED, refusal.getMessage());
      }
    };
  }

  /** Local to the part's sub-process instance: parallel parts do not share the flag. */
  @Bean
  JavaDelegate pollBatchPartResults(Submissions submissions) {
    return e -> e.setVariableLocal(Var.ALL_RESULTS_IN, submissions.pollAndCheckComplete(str(e, Var.SUBMISSION_ID)));
  }

  @Bean
  JavaDelegate releaseBatchPart(Submissions submissions) {
    return e -> submissions.release(str(e, Var.SUBMISSION_ID), Submissions.Status.REFUSED);
  }

  @Bean
  @SuppressWarnings("unchecked")
  JavaDelegate collectBatchResults(BatchSubmissions submissions) {
    return e -> {
      BatchSubmissions.Round r = submissions.collect(batch(e), (List<String>) e.getVariable(Var.SUBMISSION_IDS));
      e.setVariable(Var.MADE_COUNT, r.made());
      e.setVariable(Var.SHIPMENT_ID, r.shipmentId());
      e.setVariable(Var.INELIGIBLE_COUNT, r.ineligible());
      e.setVariable(Var.FEEDBACK_ID, r.feedbackId());
      e.setVariable(Var.PENDING_COUNT, r.pending());
    };
  }

  @Bean
  JavaDelegate applyIneligibleFollowUp(BatchFollowUps followUps) {
    return e -> e.setVariable(Var.RESUBMIT_COUNT, followUps.apply(batch(e), str(e, Var.FOLLOW_UP_FEEDBACK_ID),
        str(e, Var.WITHDRAW_NUMBERS), file(e, Var.CORRECTION_PHOTOS), actor(e)));
  }

  /** One issuing record; the counts and ids are the round's sub-process's own (its input parameters). */
  @Bean
  JavaDelegate recordBatchIssuing(BatchIssuing issuing) {
    return e -> {
      String scanName = fileName(e, Var.SIGN_OFF_SCAN);
      BatchIssuing.Issuing done = issuing.record(batch(e), str(e, Var.SHIPMENT_ID), str(e, Var.NOT_COLLECTED),
          str(e, Var.DATA_ERROR_NUMBERS), file(e, Var.SIGN_OFF_SCAN), scanName, actor(e));
      e.setVariable(Var.REMAINING_COUNT, done.remaining());
      e.setVariable(Var.DATA_ERROR_COUNT, done.dataErrors());
      e.setVariable(Var.SHEETS_SHIPMENT_ID, done.sheetsShipmentId());
      e.setVariable(Var.CARD_DATA_CORRECTIONS, done.dataErrorText());
      e.setVariable(Var.NOT_COLLECTED, "");
      e.setVariable(Var.DATA_ERROR_NUMBERS, "");
    };
  }

  @Bean
  JavaDelegate boxUncollectedCards(BatchIssuing issuing) {
    return e -> issuing.boxUncollected(str(e, Var.SHIPMENT_ID));
  }

  /** On completing the correction form: the corrections must fit the people it listed (the form shows why not). */
  @Bean
  TaskListener checkBatchCardData(BatchIssuing issuing) {
    return t -> issuing.checkCardDataCorrections((String) t.getVariable(Var.CARD_DATA_LISTED),
        (String) t.getVariable(Var.CARD_DATA_CORRECTIONS));
  }

  /**
   * The wrong cards are reported to the City Card Centre before their people go again, as in the individual path:
   * otherwise the centre, which makes one card per application, answers with the wrong card again. Each call is
   * idempotent (a retried job repeats it); a refusal does not hold up the remake.
   */
  @Bean
  JavaDelegate reportWrongBatchCards(BatchIssuing issuing, CityCentreClient client) {
    return e -> {
      for (String card : issuing.wrongCards(str(e, Var.CARD_DATA_LISTED))) {
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
    return e -> issuing.applyCardDataCorrections(str(e, Var.CARD_DATA_LISTED), str(e, Var.CARD_DATA_CORRECTIONS),
        actor(e));
  }

  @Bean
  JavaDelegate withdrawBatch(CollectiveBatches batches) {
    return e -> batches.withdrawBatch(batch(e), actor(e));
  }
}
