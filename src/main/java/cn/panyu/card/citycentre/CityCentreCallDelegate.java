package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One service task, any call to the City Card Centre: what the element template
 * {@code processes/element-templates/city-card-centre.json} sets up in Modeler, so that an analyst adds a call
 * without Java. Input parameters: {@code operation} (REPORT_CARD, RETURN_CARDS, SIGN_OFF_SHEET,
 * CONFIRM_CARD_BATCH) and its arguments; optional {@code resultVariable} (gets the centre's acknowledgement
 * reference) and {@code refusalErrorCode} (default {@value #DEFAULT_REFUSAL}). A refusal (4xx) is a BpmnError
 * with that code and the reason in {@code refusalReason}; an outage is thrown on, so that the job is retried.
 */
@Component("cityCentreCall")
public class CityCentreCallDelegate implements JavaDelegate {

  public static final String DEFAULT_REFUSAL = "CITY_CENTRE_REFUSED";

  public enum Operation { REPORT_CARD, RETURN_CARDS, SIGN_OFF_SHEET, CONFIRM_CARD_BATCH }

  private final CityCentreClient client;

  public CityCentreCallDelegate(CityCentreClient client) {
    this.client = client;
  }

  @Override
  public void execute(DelegateExecution e) {
    Operation operation = Operation.valueOf(required(e, "operation"));
    Acknowledgement ack;
    try {
      ack = switch (operation) {
        case REPORT_CARD -> client.reportCard(required(e, "cardNumber"), CardReportReason.valueOf(required(e, "reason")));
        case RETURN_CARDS -> client.returnCards(cardNumbers(e.getVariable("cardNumbers")), text(e, "reason"));
        case SIGN_OFF_SHEET -> client.sendSignOffSheet(new SignOffSheet(required(e, "institutionCode"),
            required(e, "cardBatchNumber"), Integer.parseInt(required(e, "signedCount")), null));
        case CONFIRM_CARD_BATCH -> client.confirmCardBatchReceipt(required(e, "cardBatchNumber"),
            Integer.parseInt(required(e, "receivedCount")), text(e, "remarks"));
      };
    } catch (CityCentreRefusal refusal) {
      String code = text(e, "refusalErrorCode");
      e.setVariable("refusalReason", refusal.reason() + "：" + refusal.getMessage());
      throw new BpmnError(code == null ? DEFAULT_REFUSAL : code, refusal.getMessage());
    }
    String resultVariable = text(e, "resultVariable");
    if (resultVariable != null) {
      e.setVariable(resultVariable, ack.reference());
    }
  }

  private static String required(DelegateExecution e, String name) {
    String value = text(e, name);
    if (value == null) {
      throw new IllegalStateException("调用市社保卡管理中心缺少参数 " + name);
    }
    return value;
  }

  private static String text(DelegateExecution e, String name) {
    Object v = e.getVariable(name);
    return v == null || v.toString().isBlank() ? null : v.toString().trim();
  }

  /** A collection of card numbers, or a text with numbers separated by commas or spaces. */
  private static List<String> cardNumbers(Object value) {
    if (value instanceof Collection<?> c) {
      return c.stream().map(Object::toString).toList();
    }
    if (value == null) {
      throw new IllegalStateException("调用市社保卡管理中心缺少参数 cardNumbers");
    }
    return Arrays.stream(value.toString().split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
  }
}
