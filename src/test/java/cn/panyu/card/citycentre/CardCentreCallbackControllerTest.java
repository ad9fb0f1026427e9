package cn.panyu.card.citycentre;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.Outcome;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;

class CardCentreCallbackControllerTest {

  final CityCentreProperties properties = new CityCentreProperties("http://centre", "http://app", "secret",
      Duration.ofSeconds(1), Duration.ofSeconds(1));
  final ResultsReport report = new ResultsReport("S1", null,
      List.of(new CardResult("A1", Outcome.MADE, null, "GZ1", "KP1")));

  @Test
  void withoutAHandlerTheResultsStayWithTheCentre() {
    var nobody = new StaticListableBeanFactory().getBeanProvider(CardResultHandler.class);
    var controller = new CardCentreCallbackController(properties, nobody);

    assertThat(controller.results("secret", report).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void theTokenMustMatchExactly() {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    RecordingCardResultHandler handler = new RecordingCardResultHandler();
    beans.addBean("handler", handler);
    var controller = new CardCentreCallbackController(properties, beans.getBeanProvider(CardResultHandler.class));

    assertThat(controller.results("secre", report).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(controller.results("secret ", report).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(handler.resultsOf("S1")).isEmpty();
    assertThat(controller.results("secret", report).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(handler.resultsOf("S1")).hasSize(1);
  }
}
