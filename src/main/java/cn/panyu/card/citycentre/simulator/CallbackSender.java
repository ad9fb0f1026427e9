package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Posts the simulated centre's callbacks (results, activations) with {@code X-Callback-Token}, applying
 * the callback faults. One attempt per callback: a callback that fails is logged and left to polling,
 * which is exactly what the application must cope with.
 */
@Component
@ConditionalOnSimulator
public class CallbackSender {

  private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json;
  private final SimulatorFaults faults;
  private final String token;

  public CallbackSender(ObjectMapper json, SimulatorFaults faults, SimulatorProperties properties,
      @Value("${card-centre.callback-token:change-me}") String applicationToken) {
    this.json = json;
    this.faults = faults;
    this.token = properties.callbackToken() == null || properties.callbackToken().isBlank()
        ? applicationToken : properties.callbackToken();
  }

  /** Calls back a submission's results; returns the HTTP statuses the application answered. */
  List<Integer> sendResults(String url, String submissionId, List<CardResult> results) {
    FaultSettings f = faults.current();
    if (f.loseCallbacks()) {
      log.info("Fault: results callback of submission {} lost", submissionId);
      return List.of();
    }
    List<ResultsReport> messages = new ArrayList<>();
    if (f.outOfOrderCallbacks()) {
      for (int i = results.size() - 1; i >= 0; i--) {
        messages.add(new ResultsReport(submissionId, null, List.of(results.get(i))));
      }
    } else {
      messages.add(new ResultsReport(submissionId, null, results));
    }
    List<Integer> statuses = new ArrayList<>();
    for (ResultsReport message : messages) {
      statuses.add(post(url, message));
      if (f.duplicateCallbacks()) {
        statuses.add(post(url, message));
      }
    }
    return statuses;
  }

  /** Calls back an activation; returns the HTTP statuses the application answered (none if lost). */
  List<Integer> sendActivation(String url, ActivationNotice notice) {
    FaultSettings f = faults.current();
    if (f.loseCallbacks()) {
      log.info("Fault: activation callback of card {} lost", notice.cardNumber());
      return List.of();
    }
    List<Integer> statuses = new ArrayList<>();
    statuses.add(post(url, notice));
    if (f.duplicateCallbacks()) {
      statuses.add(post(url, notice));
    }
    return statuses;
  }

  private int post(String url, Object body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header("X-Callback-Token", token)
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 300) {
        log.warn("Callback to {} answered HTTP {}", url, status);
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      log.warn("Callback to {} failed: {}", url, e.toString());
      return -1;
    }
  }
}
