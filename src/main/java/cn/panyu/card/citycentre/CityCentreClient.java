package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.CardBatchReceipt;
import cn.panyu.card.citycentre.CardCentreModel.CardReport;
import cn.panyu.card.citycentre.CardCentreModel.CardReportReason;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.CentreError;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import cn.panyu.card.citycentre.CardCentreModel.ReturnedCards;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardCentreModel.SubmissionReceipt;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.camunda.connect.ConnectorException;
import org.camunda.connect.httpclient.HttpConnector;
import org.camunda.connect.httpclient.HttpRequest;
import org.camunda.connect.httpclient.HttpResponse;
import org.camunda.connect.httpclient.impl.HttpConnectorImpl;
import org.camunda.connect.httpclient.impl.RequestConfigOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's only way to the City Card Centre: its exchange API over HTTP through Camunda
 * Connect's HTTP connector (which in 7.23 runs on Apache HttpClient 4), with the timeouts of
 * {@code card-centre.connect-timeout} / {@code card-centre.read-timeout}.
 *
 * <p>Every call carries an {@code Idempotency-Key}: the submission id for a submission, otherwise a key
 * derived from the request's content, so a retried job sends the same key and the centre does the
 * thing once. Failures: 4xx with a reason → {@link CityCentreRefusal} (a BpmnError for the model);
 * 5xx, 408, 429, timeouts and refused connections → {@link CityCentreUnavailable} (retry, then incident).
 * Nothing personal is logged: the log names submissions, counts and card numbers only.
 */
public class CityCentreClient implements AutoCloseable {

  /** Where the centre posts card-making results and activations (paths in this application). */
  public static final String RESULTS_CALLBACK_PATH = "/api/card-centre/callbacks/results";
  public static final String ACTIVATIONS_CALLBACK_PATH = "/api/card-centre/callbacks/activations";

  private static final Logger log = LoggerFactory.getLogger(CityCentreClient.class);
  private static final String JSON = "application/json";

  private final CityCentreProperties properties;
  private final ObjectMapper json;
  private final CloseableHttpClient httpClient;
  private final HttpConnector connector;
  private final UnaryOperator<String> placeholders;
  private final int connectMillis;
  private final int readMillis;

  public CityCentreClient(CityCentreProperties properties, ObjectMapper json) {
    this(properties, json, UnaryOperator.identity());
  }

  /**
   * @param placeholders resolves what was still unresolvable when the configuration was bound, such as
   *     {@code ${local.server.port}} (the in-process simulator on a random port, known only once the
   *     server runs); the Spring bean passes the environment's resolver
   */
  public CityCentreClient(CityCentreProperties properties, ObjectMapper json, UnaryOperator<String> placeholders) {
    this.properties = Objects.requireNonNull(properties);
    this.json = json;
    this.placeholders = placeholders;
    this.connectMillis = Math.toIntExact(properties.connectTimeout().toMillis());
    this.readMillis = Math.toIntExact(properties.readTimeout().toMillis());
    RequestConfig timeouts = RequestConfig.custom()
        .setConnectTimeout(connectMillis)
        .setConnectionRequestTimeout(connectMillis)
        .setSocketTimeout(readMillis)
        .build();
    this.httpClient = HttpClientBuilder.create()
        .setDefaultRequestConfig(timeouts)
        .setMaxConnTotal(20)
        .setMaxConnPerRoute(20)
        .disableAutomaticRetries() // the engine retries, with its back-off
        .useSystemProperties()
        .build();
    HttpConnectorImpl impl = new HttpConnectorImpl();
    impl.setHttpClient(httpClient);
    this.connector = impl;
  }

  /**
   * POST /application-batches: hands many applications over in one call. Sending the same submission
   * again (a retry) returns the same receipt and makes no second card.
   */
  public SubmissionReceipt submitApplications(SubmissionRequest request) {
    Objects.requireNonNull(request.submissionId(), "submissionId");
    String callbackBase = placeholders.apply(properties.callbackBaseUrl());
    ApplicationBatch batch = new ApplicationBatch(request.submissionId(), request.mode(), request.unitCode(),
        callbackBase + RESULTS_CALLBACK_PATH, callbackBase + ACTIVATIONS_CALLBACK_PATH, request.applications());
    SubmissionReceipt receipt = call("POST", "/application-batches", request.submissionId(), batch,
        SubmissionReceipt.class);
    log.info("Submitted {} to the City Card Centre: {} received", request, receipt.received());
    return receipt;
  }

  /** GET /application-batches/{submissionId}: the results so far (the fallback for lost callbacks). */
  public List<CardResult> pollResults(String submissionId) {
    return pollReport(submissionId).results();
  }

  /** The same, with the centre's status of the submission ({@code PROCESSING} or {@code COMPLETED}). */
  public ResultsReport pollReport(String submissionId) {
    ResultsReport report = call("GET", "/application-batches/" + encode(submissionId), submissionId, null,
        ResultsReport.class);
    return new ResultsReport(report.submissionId(), report.status(),
        report.results() == null ? List.of() : report.results());
  }

  /** POST /card-batches/{cardBatchNumber}/receipt: the District Card Office received a card batch. */
  public Acknowledgement confirmCardBatchReceipt(String cardBatchNumber, int receivedCount, String remarks) {
    CardBatchReceipt body = new CardBatchReceipt(cardBatchNumber, receivedCount, remarks);
    return call("POST", "/card-batches/" + encode(cardBatchNumber) + "/receipt", derivedKey("receipt", body), body,
        Acknowledgement.class);
  }

  /** POST /sign-off-sheets: an institution's stamped sign-off sheet for a card batch. */
  public Acknowledgement sendSignOffSheet(SignOffSheet sheet) {
    Acknowledgement ack = call("POST", "/sign-off-sheets", derivedKey("sign-off", sheet), sheet, Acknowledgement.class);
    log.info("Sent {} to the City Card Centre", sheet);
    return ack;
  }

  /** POST /returned-cards: overdue cards handed back to the centre. */
  public Acknowledgement returnCards(List<String> cardNumbers, String reason) {
    ReturnedCards body = new ReturnedCards(List.copyOf(cardNumbers), reason);
    Acknowledgement ack = call("POST", "/returned-cards", derivedKey("returned", body), body, Acknowledgement.class);
    log.info("Returned {} cards to the City Card Centre", cardNumbers.size());
    return ack;
  }

  /** POST /card-reports: stop an old card before a replacement is made. */
  public Acknowledgement reportCard(String cardNumber, CardReportReason reason) {
    CardReport body = new CardReport(cardNumber, reason);
    Acknowledgement ack = call("POST", "/card-reports", derivedKey("report", body), body, Acknowledgement.class);
    log.info("Reported card {} to the City Card Centre as {}", cardNumber, reason);
    return ack;
  }

  /** Told of every call: operation (method and first path segment), duration, outcome. Metrics listen here. */
  public interface CallObserver {
    void completed(String operation, long nanos, String outcome);
  }

  private volatile CallObserver observer = (operation, nanos, outcome) -> { };

  public void observeCalls(CallObserver observer) {
    this.observer = observer;
  }

  private <T> T call(String method, String path, String idempotencyKey, Object body, Class<T> answerType) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T answer = exchange(method, path, idempotencyKey, body, answerType);
      outcome = "success";
      return answer;
    } catch (CityCentreRefusal e) {
      outcome = "refused";
      throw e;
    } finally {
      String segment = path.replaceFirst("^/([^/?]*).*$", "$1");
      observer.completed(method + " /" + segment, System.nanoTime() - start, outcome);
    }
  }

  private <T> T exchange(String method, String path, String idempotencyKey, Object body, Class<T> answerType) {
    String url = placeholders.apply(properties.baseUrl()) + path;
    HttpRequest request = connector.createRequest()
        .url(url)
        .method(method)
        .header("Accept", JSON)
        .header("Idempotency-Key", idempotencyKey)
        // the connector replaces the client's default RequestConfig with one built from these options
        .configOption(RequestConfigOption.CONNECTION_TIMEOUT.getName(), connectMillis)
        .configOption(RequestConfigOption.CONNECTION_REQUEST_TIMEOUT.getName(), connectMillis)
        .configOption(RequestConfigOption.SOCKET_TIMEOUT.getName(), readMillis);
    if (body != null) {
      request.contentType(JSON).payload(write(body));
    }
    HttpResponse response;
    try {
      response = request.execute();
    } catch (ConnectorException e) {
      // connection refused, connect or read timeout, broken connection: the cause says which
      throw new CityCentreUnavailable("City Card Centre not reachable: " + method + " " + path + ": "
          + rootMessage(e), e);
    }
    try {
      int status = response.getStatusCode();
      String answer = response.getResponse();
      if (status >= 200 && status < 300) {
        return read(answer, answerType, status);
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        CentreError error = readError(answer);
        String reason = error != null && error.reason() != null ? error.reason() : "HTTP_" + status;
        String message = error != null && error.message() != null ? error.message() : "";
        log.warn("City Card Centre refused {} {}: HTTP {} {}", method, path, status, reason);
        throw new CityCentreRefusal(status, reason, message);
      }
      log.warn("City Card Centre unavailable for {} {}: HTTP {}", method, path, status);
      throw new CityCentreUnavailable("City Card Centre answered HTTP " + status + " to " + method + " " + path);
    } finally {
      response.close();
    }
  }

  private String write(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a City Card Centre request", e);
    }
  }

  private <T> T read(String answer, Class<T> type, int status) {
    try {
      return json.readValue(answer, type);
    } catch (IOException | IllegalArgumentException e) {
      // a 2xx we cannot read is the centre's fault, and a retry may well succeed
      throw new CityCentreUnavailable("City Card Centre answered HTTP " + status + " with an unreadable body", e);
    }
  }

  private CentreError readError(String answer) {
    if (answer == null || answer.isBlank()) {
      return null;
    }
    try {
      return json.readValue(answer, CentreError.class);
    } catch (IOException e) {
      return null;
    }
  }

  /** A key that a retry of the same request repeats: the operation plus a digest of the body. */
  private String derivedKey(String operation, Object body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(body));
      return operation + "-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
  }

  /** Releases the connection pool (the Spring bean's destroy method). */
  @Override
  public void close() throws IOException {
    httpClient.close();
  }
}
