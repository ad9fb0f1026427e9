package cn.panyu.card.replacement;

import static cn.panyu.card.engine.Actors.actor;
import static cn.panyu.card.replacement.CardReplacement.Var;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.org.GrantUnitReadListener;
import cn.panyu.card.org.InstanceAccess;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service tasks of {@code card-replacement}, in front of {@link ReplacementService}. Each bean name is the one
 * the BPMN's delegateExpression names.
 */
@Configuration
public class ReplacementDelegates {

  /** The error code of a City Card Centre refusal in {@code card-replacement} (report or new card). */
  public static final String CENTRE_REFUSED = "CARD_CENTRE_REFUSED";

  private static String number(DelegateExecution e) {
    return (String) e.getVariable(Var.REPLACEMENT_NUMBER);
  }

  private static String str(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null ? null : v.toString();
  }

  /**
   * The window's request: the holder's card on record and the new card's application; the ID number leaves the
   * instance (the business key is the new application number). A request that cannot be accepted fails the start,
   * so the clerk sees the reason on the start form.
   */
  @Bean
  JavaDelegate openReplacement(ReplacementService replacements, ApplicationRepository applications,
      InstanceAccess access) {
    return e -> {
      String startedBy = str(e, Var.STARTED_BY);
      String town = str(e, Var.TOWN_CODE);
      if (town == null) {
        town = replacements.townOfUser(startedBy).code();
      }
      var opened = replacements.open(str(e, Var.ID_NUMBER), str(e, Var.REASON),
          Boolean.TRUE.equals(e.getVariable(Var.FIRST_CARD)), town, startedBy == null ? "system" : startedBy,
          e.getProcessInstanceId());
      e.setVariable(Var.REPLACEMENT_NUMBER, opened.replacementNumber());
      e.setVariable(Var.APPLICATION_NUMBER, opened.applicationNumber());
      e.setVariable(Var.OLD_CARD_NUMBER, opened.oldCardNumber());
      e.setVariable(Var.HOLDER_NAME, opened.holderName());
      e.setVariable(Var.TOWN_CODE, opened.town().code());
      e.setVariable(Var.TOWN_GROUP, opened.town().groupId());
      e.setVariable(Var.FIRST_CARD, Boolean.TRUE.equals(e.getVariable(Var.FIRST_CARD)));
      // the payment form opens with the normal case
      e.setVariable(Var.PAYMENT, CardReplacement.PAID);
      e.removeVariable(Var.ID_NUMBER);
      e.setProcessBusinessKey(opened.applicationNumber());
      e.setVariable(GrantUnitReadListener.UNIT_CODE, opened.town().code());
      access.grantRead(e.getProcessInstanceId(), opened.town().code());
    };
  }

  @Bean
  JavaDelegate recordReplacementPayment(ReplacementService replacements) {
    return e -> replacements.recordPayment(number(e), (Number) e.getVariable(Var.FEE), str(e, Var.PAYMENT),
        str(e, Var.RECEIPT_NUMBER));
  }

  @Bean
  JavaDelegate recordOldCardStopped(ReplacementService replacements) {
    return e -> replacements.recordOldCardStopped(number(e), actor(e));
  }

  /** A refusal of the new card is a business answer (BPMN error); an outage is retried. */
  @Bean
  JavaDelegate submitReplacementCard(ReplacementService replacements) {
    return e -> {
      try {
        e.setVariable(Var.SUBMISSION_ID, replacements.submit(number(e)));
      } catch (CityCentreRefusal refusal) {
        e.setVariable(Var.REFUSAL_REASON, refusal.reason() + "：" + refusal.getMessage());
        throw new BpmnError(CENTRE_REFUSED, refusal.getMessage());
      }
    };
  }

  @Bean
  JavaDelegate pollReplacementResult(ReplacementService replacements) {
    return e -> replacements.poll(str(e, Var.SUBMISSION_ID));
  }

  @Bean
  JavaDelegate prepareReplacementDelivery(ReplacementService replacements) {
    return e -> e.setVariable("shipmentId", replacements.prepareDelivery(number(e)));
  }

  @Bean
  JavaDelegate recordReplacementIssued(ReplacementService replacements) {
    return e -> replacements.issue(number(e), actor(e));
  }

  @Bean
  JavaDelegate cancelReplacement(ReplacementService replacements) {
    return e -> {
      String note = CardReplacement.NOT_PAID.equals(str(e, Var.PAYMENT)) && e.getVariable(Var.REFUSAL_REASON) == null
          ? "申请人未缴费" : str(e, Var.REFUSAL_REASON);
      replacements.cancel(number(e), note, actor(e));
    };
  }
}
