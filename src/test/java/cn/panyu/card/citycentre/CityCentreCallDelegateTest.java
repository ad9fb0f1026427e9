package cn.panyu.card.citycentre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/**
 * The generic delegate behind the element templates: it turns the input parameters into the right call, a
 * refusal into the BPMN error the template names, and passes an outage on for the engine to retry. The centre is
 * a recording stand-in here (the HTTP exchange itself is tested in CityCentreExchangeTest).
 */
class CityCentreCallDelegateTest {

  final List<String> calls = new ArrayList<>();
  RuntimeException answer;

  final CityCentreClient client = new CityCentreClient(new CityCentreProperties("http://localhost:1", "http://localhost:1", null,
      Duration.ofSeconds(1), Duration.ofSeconds(1)), new ObjectMapper()) {
    @Override
    public Acknowledgement reportCard(String cardNumber, CardReportReason reason) {
      calls.add("report " + cardNumber + " " + reason);
      return reply();
    }

    @Override
    public Acknowledgement returnCards(List<String> cardNumbers, String reason) {
      calls.add("return " + cardNumbers + " " + reason);
      return reply();
    }

    @Override
    public Acknowledgement confirmCardBatchReceipt(String cardBatchNumber, int receivedCount, String remarks) {
      calls.add("receipt " + cardBatchNumber + " " + receivedCount);
      return reply();
    }

    private Acknowledgement reply() {
      if (answer != null) {
        throw answer;
      }
      return new Acknowledgement("ACK00000001", "2013-10-01T10:00:00+08:00");
    }
  };
  final CityCentreCallDelegate delegate = new CityCentreCallDelegate(client);

  @Test
  void callsTheOperationWithItsArgumentsAndKeepsTheReference() {
    Map<String, Object> vars = new HashMap<>(Map.of("operation", "REPORT_CARD", "cardNumber", "GZ0000000001",
        "reason", "LOST", "resultVariable", "reportReference"));
    delegate.execute(execution(vars));
    assertThat(calls).containsExactly("report GZ0000000001 LOST");
    assertThat(vars).containsEntry("reportReference", "ACK00000001");

    delegate.execute(execution(new HashMap<>(Map.of("operation", "RETURN_CARDS", "cardNumbers", "GZ1, GZ2，GZ3",
        "reason", "OVERDUE"))));
    delegate.execute(execution(new HashMap<>(Map.of("operation", "CONFIRM_CARD_BATCH", "cardBatchNumber", "KP1",
        "receivedCount", 12))));
    assertThat(calls).contains("return [GZ1, GZ2, GZ3] OVERDUE", "receipt KP1 12");
  }

  @Test
  void aRefusalIsTheTemplatesBpmnErrorAndAnOutageIsThrownOn() {
    answer = new CityCentreRefusal(404, "UNKNOWN_CARD", "没有这张卡");
    Map<String, Object> vars = new HashMap<>(Map.of("operation", "REPORT_CARD", "cardNumber", "GZ9", "reason",
        "DAMAGED", "refusalErrorCode", "CARD_CENTRE_REFUSED"));
    assertThatThrownBy(() -> delegate.execute(execution(vars))).isInstanceOf(BpmnError.class)
        .extracting(e -> ((BpmnError) e).getErrorCode()).isEqualTo("CARD_CENTRE_REFUSED");
    assertThat((String) vars.get("refusalReason")).startsWith("UNKNOWN_CARD");

    vars.remove("refusalErrorCode");
    assertThatThrownBy(() -> delegate.execute(execution(vars))).isInstanceOf(BpmnError.class)
        .extracting(e -> ((BpmnError) e).getErrorCode()).isEqualTo(CityCentreCallDelegate.DEFAULT_REFUSAL);

    answer = new CityCentreUnavailable("City Card Centre answered HTTP 503");
    assertThatThrownBy(() -> delegate.execute(execution(vars))).isInstanceOf(CityCentreUnavailable.class);
  }

  /** Variables of a service task's scope, as the engine hands them to the delegate. */
  private static DelegateExecution execution(Map<String, Object> vars) {
    return (DelegateExecution) java.lang.reflect.Proxy.newProxyInstance(CityCentreCallDelegateTest.class.getClassLoader(),
        new Class<?>[] {DelegateExecution.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getVariable" -> vars.get((String) args[0]);
          case "setVariable" -> vars.put((String) args[0], args[1]);
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
