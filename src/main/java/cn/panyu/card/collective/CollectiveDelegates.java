package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.Var;

import cn.panyu.card.application.Submissions;
import cn.panyu.card.citycentre.CityCentreRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code collective-issuance} after intake: they pass the batch number, the form's fields and
 * who acted to {@link BatchSubmissions}, {@link BatchFollowUps}, {@link BatchIssuing} and {@link CollectiveBatches},
 * and write back counts and ids. Each bean name is the one the BPMN names.
 */
@Configuration
public class CollectiveDelegates {

  static String batch(DelegateExecution e) {
    return (String) e.getVariable(Var.BATCH_NUMBER);
  }

  static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  /** The user who completed the task before this step (Tasklist sets the authenticated user). */
  static String actor(DelegateExecution e) {
    var auth = e.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth == null || auth.getUserId() == null ? "system" : auth.getUserId();
  }

  /** The content of an uploaded file variable (then removed from the instance), or null. */
  static byte[] file(DelegateExecution e, String name) {
    FileValue file = e.getVariableTyped(name);
    if (file == null || file.getValue() == null) {
      return null;
    }
    try (InputStream in = file.getValue()) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new IllegalStateException("读取上传文件失败：" + file.getFilename(), ex);
    } finally {
      e.removeVariable(name);
    }
  }

  static String fileName(DelegateExecution e, String name) {
    FileValue file = e.getVariableTyped(name);
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
    return e -> e.setVariable(Var.RESUBMIT_COUNT, followUps.apply(batch(e), str(e, Var.WITHDRAW_NUMBERS),
        file(e, Var.CORRECTION_PHOTOS), actor(e)));
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

  @Bean
  JavaDelegate applyBatchCardDataCorrection(BatchIssuing issuing) {
    return e -> issuing.applyCardDataCorrections(str(e, Var.CARD_DATA_CORRECTIONS), actor(e));
  }

  @Bean
  JavaDelegate withdrawBatch(CollectiveBatches batches) {
    return e -> batches.withdrawBatch(batch(e), actor(e));
  }
}
