package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.Var;

import cn.panyu.card.citycentre.CityCentreRefusal;
import java.io.IOException;
import java.io.InputStream;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code collective-issuance} that only pass the batch number (and who acted) to
 * {@link CollectiveBatches} and write back counts and flags. Each bean name is the one the BPMN names.
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
  JavaDelegate prepareBatchSubmissions(CollectiveBatches batches) {
    return e -> e.setVariable(Var.SUBMISSION_IDS, batches.prepareSubmissions(batch(e),
        str(e, Var.INSTITUTION_CODE), e.getProcessInstanceId()));
  }

  /** A refusal of the submission is a business answer (BPMN error); an outage is retried, then an incident. */
  @Bean
  JavaDelegate submitBatchPart(CollectiveBatches batches) {
    return e -> {
      try {
        batches.submit(str(e, Var.SUBMISSION_ID));
      } catch (CityCentreRefusal refusal) {
        throw new BpmnError(CollectiveIssuance.ERROR_SUBMISSION_REFUSED, refusal.getMessage());
      }
    };
  }

  /** Local to the submission's sub-process instance: parallel submissions do not share the flag. */
  @Bean
  JavaDelegate pollBatchPartResults(CollectiveBatches batches) {
    return e -> e.setVariableLocal(Var.ALL_RESULTS_IN, batches.pollAndCheckComplete(str(e, Var.SUBMISSION_ID)));
  }

  @Bean
  JavaDelegate releaseBatchPart(CollectiveBatches batches) {
    return e -> batches.release(str(e, Var.SUBMISSION_ID));
  }

  @Bean
  JavaDelegate collectBatchResults(CollectiveBatches batches) {
    return e -> {
      CollectiveBatches.RoundResult r = batches.collectResults(batch(e));
      e.setVariable(Var.INELIGIBLE_COUNT, r.ineligible());
      e.setVariable(Var.PENDING_COUNT, r.pending());
      if (r.ineligible() > 0) {
        e.setVariable(Var.INELIGIBLE_TEXT, batches.ineligibleText(batch(e)));
        // the follow-up form opens with the rows no correction can help listed for withdrawal
        e.setVariable(Var.WITHDRAW_NUMBERS, batches.suggestedWithdrawals(batch(e)));
      }
    };
  }

  @Bean
  JavaDelegate applyIneligibleFollowUp(CollectiveBatches batches) {
    return e -> {
      int again = batches.applyFollowUp(batch(e), str(e, Var.WITHDRAW_NUMBERS), file(e, Var.CORRECTION_PHOTOS),
          actor(e));
      e.setVariable(Var.RESUBMIT_COUNT, again);
    };
  }

  @Bean
  JavaDelegate checkBatchCardsArrived(CollectiveBatches batches) {
    return e -> {
      boolean arrived = batches.allCardsArrived(batch(e));
      e.setVariable(Var.ALL_CARDS_ARRIVED, arrived);
      e.setVariable(Var.CARDS_AT_INSTITUTION, batches.cardsAtInstitution(batch(e)));
      if (!arrived) {
        batches.setStatus(batch(e), "DELIVERING");
      }
      e.setVariable(Var.NOT_COLLECTED, ""); // the issuing form's normal case: every card handed out
    };
  }

  @Bean
  JavaDelegate recordBatchIssuing(CollectiveBatches batches) {
    return e -> {
      String scanName = fileName(e, Var.SIGN_OFF_SCAN);
      CollectiveBatches.Issuing done = batches.recordIssuing(batch(e), str(e, Var.NOT_COLLECTED),
          file(e, Var.SIGN_OFF_SCAN), scanName, actor(e));
      e.setVariable(Var.ISSUED_COUNT, done.issued());
      e.setVariable(Var.RECOVERED_COUNT, done.recovered());
    };
  }

  @Bean
  JavaDelegate checkBatchReturns(CollectiveBatches batches) {
    return e -> e.setVariable(Var.RETURNS_COMPLETE, batches.returnsComplete(batch(e)));
  }

  @Bean
  JavaDelegate completeBatch(CollectiveBatches batches) {
    return e -> batches.complete(batch(e));
  }

  @Bean
  JavaDelegate withdrawBatch(CollectiveBatches batches) {
    return e -> batches.withdrawBatch(batch(e), actor(e));
  }
}
