package cn.panyu.card.replacement;

import static cn.panyu.card.engine.Actors.actor;
import static cn.panyu.card.replacement.CardReplacement.*;

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
    return REPLACEMENT_NUMBER.get(e);
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
      String startedBy = STARTED_BY.getOrNull(e);
      String town = TOWN_CODE.getOrNull(e);
      if (town == null) {
        town = replacements.townOfUser(startedBy).code();
      }
      var opened = replacements.open(ID_NUMBER.getOrNull(e), REASON.getOrNull(e),
          Boolean.TRUE.equals(FIRST_CARD.getOrNull(e)), town, startedBy == null ? "system" : startedBy,
          e.getProcessInstanceId());
      REPLACEMENT_NUMBER.set(e, opened.replacementNumber());
      APPLICATION_NUMBER.set(e, opened.applicationNumber());
      OLD_CARD_NUMBER.set(e, opened.oldCardNumber());
      HOLDER_NAME.set(e, opened.holderName());
      TOWN_CODE.set(e, opened.town().code());
      TOWN_GROUP.set(e, opened.town().groupId());
      FIRST_CARD.set(e, Boolean.TRUE.equals(FIRST_CARD.getOrNull(e)));
      // the payment form opens with the normal case
      PAYMENT.set(e, PAID);
      ID_NUMBER.remove(e);
      e.setProcessBusinessKey(opened.applicationNumber());
      GrantUnitReadListener.UNIT_CODE.set(e, opened.town().code());
      access.grantRead(e.getProcessInstanceId(), opened.town().code());
    };
  }

  @Bean
  JavaDelegate recordReplacementPayment(ReplacementService replacements) {
    return e -> replacements.recordPayment(number(e), FEE.getOrNull(e), PAYMENT.getOrNull(e),
        RECEIPT_NUMBER.getOrNull(e));
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
        SUBMISSION_ID.set(e, replacements.submit(number(e)));
      } catch (CityCentreRefusal refusal) {
        REFUSAL_REASON.set(e, refusal.reason() + "：" + refusal.getMessage());
        throw new BpmnError(CENTRE_REFUSED, refusal.getMessage());
      }
    };
  }

  @Bean
  JavaDelegate pollReplacementResult(ReplacementService replacements) {
    return e -> replacements.poll(SUBMISSION_ID.get(e));
  }

  @Bean
  JavaDelegate prepareReplacementDelivery(ReplacementService replacements) {
    return e -> SHIPMENT_ID.set(e, replacements.prepareDelivery(number(e)));
  }

  @Bean
  JavaDelegate recordReplacementIssued(ReplacementService replacements) {
    return e -> replacements.issue(number(e), actor(e));
  }

  @Bean
  JavaDelegate cancelReplacement(ReplacementService replacements) {
    return e -> {
      String note = NOT_PAID.equals(PAYMENT.getOrNull(e)) && REFUSAL_REASON.getOrNull(e) == null
          ? "申请人未缴费" : REFUSAL_REASON.getOrNull(e);
      replacements.cancel(number(e), note, actor(e));
    };
  }
}
