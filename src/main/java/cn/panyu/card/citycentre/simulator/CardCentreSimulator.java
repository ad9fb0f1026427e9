package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.CardBatchReceipt;
import cn.panyu.card.citycentre.CardCentreModel.CardReport;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.IneligibleReason;
import cn.panyu.card.citycentre.CardCentreModel.Outcome;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import cn.panyu.card.citycentre.CardCentreModel.ReturnedCards;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardCentreModel.SubmissionReceipt;
import cn.panyu.card.intake.Masking;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;

/**
 * The simulated City Card Centre: receives submissions, makes cards after
 * {@code card-centre.simulator.card-making-delay} by {@link EligibilityRules}, calls the results back,
 * and records what the districts send it. State lives in memory (lost on restart) and every method is
 * synchronized on this object: the simulator is small, and simple locking keeps it obviously right.
 *
 * <p>Idempotency: a repeated Idempotency-Key returns the first answer and does nothing again; an
 * application that already has a card gets the same card in any later submission — never a second one.
 */
@Service
@ConditionalOnSimulator
public class CardCentreSimulator {

  private static final Logger log = LoggerFactory.getLogger(CardCentreSimulator.class);
  public static final String PROCESSING = "PROCESSING";
  public static final String COMPLETED = "COMPLETED";

  private final SimulatorProperties properties;
  private final CallbackSender callbacks;
  private final EligibilityRules rules;
  private final ScheduledExecutorService cardMaking = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "ccc-simulator-card-making");
    t.setDaemon(true);
    return t;
  });

  private final Map<String, Submission> submissions = new HashMap<>();
  private final Map<String, Card> cardsByApplication = new HashMap<>();
  private final Map<String, Card> cardsByNumber = new HashMap<>();
  private final Map<String, Acknowledgement> acknowledged = new HashMap<>();
  private final List<SignOffSheet> signOffSheets = new ArrayList<>();
  private final List<ReturnedCards> returnedCards = new ArrayList<>();
  private final List<CardReport> cardReports = new ArrayList<>();
  private final List<CardBatchReceipt> cardBatchReceipts = new ArrayList<>();
  private long cardSequence;
  private long batchSequence;
  private long ackSequence;

  public CardCentreSimulator(SimulatorProperties properties, CallbackSender callbacks, ResourceLoader resources)
      throws IOException {
    this.properties = properties;
    this.callbacks = callbacks;
    this.rules = new EligibilityRules(loadRegistry(resources.getResource(properties.financialCards())));
  }

  /** A card made for an application, and where to report its activation. */
  public record Card(String cardNumber, String cardBatchNumber, String applicationNumber, String submissionId,
      String activationCallbackUrl, boolean stopped) {}

  /** Everything the districts sent besides applications, in arrival order (for tests and the demo). */
  public record Received(List<SignOffSheet> signOffSheets, List<ReturnedCards> returnedCards,
      List<CardReport> cardReports, List<CardBatchReceipt> cardBatchReceipts) {}

  private static final class Submission {
    final ApplicationBatch batch;
    final Set<String> fingerprint;
    final SubmissionReceipt receipt;
    List<ApplicationData> pending;
    List<CardResult> results = List.of();
    String status = PROCESSING;
    List<Integer> callbackStatuses; // null until the results were called back (empty: lost by a fault)

    Submission(ApplicationBatch batch, Set<String> fingerprint) {
      this.batch = batch;
      this.fingerprint = fingerprint;
      this.receipt = new SubmissionReceipt(batch.submissionId(), batch.applications().size());
      this.pending = batch.applications();
    }
  }

  /** POST /application-batches. */
  public synchronized SubmissionReceipt submit(String idempotencyKey, ApplicationBatch batch) {
    validate(idempotencyKey, batch);
    Set<String> fingerprint = fingerprint(batch);
    Submission known = submissions.get(batch.submissionId());
    if (known != null) {
      if (!known.fingerprint.equals(fingerprint)) {
        throw new SimulatorRefusal(409, "IDEMPOTENCY_CONFLICT", "同一提交编号已用于另一批申请");
      }
      log.info("Submission {} received again: same answer, nothing made twice", batch.submissionId());
      return known.receipt;
    }
    Submission submission = new Submission(batch, fingerprint);
    submissions.put(batch.submissionId(), submission);
    cardMaking.schedule(() -> makeCards(batch.submissionId()),
        properties.cardMakingDelay().toMillis(), TimeUnit.MILLISECONDS);
    log.info("Submission {} received: {} applications of unit {}", batch.submissionId(),
        batch.applications().size(), batch.unitCode());
    return submission.receipt;
  }

  /** GET /application-batches/{submissionId}: the results so far. */
  public synchronized Optional<ResultsReport> report(String submissionId) {
    Submission s = submissions.get(submissionId);
    return s == null ? Optional.empty() : Optional.of(new ResultsReport(submissionId, s.status, s.results));
  }

  public synchronized Optional<Card> cardOf(String applicationNumber) {
    return Optional.ofNullable(cardsByApplication.get(applicationNumber));
  }

  /** Makes the cards of a submission (the scheduled card-making run), then calls the results back. */
  void makeCards(String submissionId) {
    String callbackUrl;
    List<CardResult> results;
    synchronized (this) {
      Submission s = submissions.get(submissionId);
      if (s == null || s.pending == null) {
        return; // reset in between, or made already
      }
      LocalDate today = LocalDate.now(properties.zone());
      String cardBatchNumber = null;
      List<CardResult> made = new ArrayList<>();
      for (ApplicationData a : s.pending) {
        Card card = cardsByApplication.get(a.applicationNumber());
        if (card == null) {
          Optional<IneligibleReason> reason = rules.check(a, today);
          if (reason.isPresent()) {
            log.info("Application {} ({}) ineligible: {}", a.applicationNumber(), Masking.idNumber(a.idNumber()),
                reason.get());
            made.add(new CardResult(a.applicationNumber(), Outcome.INELIGIBLE, reason.get(), null, null));
            continue;
          }
          if (cardBatchNumber == null) {
            // one card batch per submission, i.e. per unit (institution or town)
            cardBatchNumber = "KP" + today.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%05d", ++batchSequence);
          }
          card = new Card(String.format(Locale.ROOT, "GZ%010d", ++cardSequence), cardBatchNumber,
              a.applicationNumber(), submissionId, s.batch.activationCallbackUrl(), false);
          cardsByApplication.put(card.applicationNumber(), card);
          cardsByNumber.put(card.cardNumber(), card);
        }
        made.add(new CardResult(a.applicationNumber(), Outcome.MADE, null, card.cardNumber(), card.cardBatchNumber()));
      }
      s.results = List.copyOf(made);
      s.status = COMPLETED;
      s.pending = null; // the photos are not kept
      callbackUrl = s.batch.callbackUrl();
      results = s.results;
    }
    log.info("Submission {} made: {} results", submissionId, results.size());
    List<Integer> statuses = callbacks.sendResults(callbackUrl, submissionId, results);
    synchronized (this) {
      Submission s = submissions.get(submissionId);
      if (s != null) {
        s.callbackStatuses = List.copyOf(statuses);
      }
    }
  }

  /**
   * What the application answered to the results callbacks of a submission: empty until the cards are
   * made and called back; then the HTTP statuses (an empty list when a fault lost the callback, -1 for a
   * callback that could not be delivered). Lets tests wait for the callback instead of sleeping.
   */
  public synchronized Optional<List<Integer>> callbackStatuses(String submissionId) {
    Submission s = submissions.get(submissionId);
    return s == null ? Optional.empty() : Optional.ofNullable(s.callbackStatuses);
  }

  /**
   * The holder activated the card at the bank: calls the activation back (synchronously).
   *
   * @return the HTTP statuses the application answered (empty if the callback was lost by a fault)
   */
  public List<Integer> activate(String cardNumber, OffsetDateTime activatedAt) {
    Card card;
    synchronized (this) {
      card = cardsByNumber.get(cardNumber);
    }
    if (card == null) {
      throw new SimulatorRefusal(404, "UNKNOWN_CARD", "没有这张卡");
    }
    if (card.activationCallbackUrl() == null) {
      throw new SimulatorRefusal(422, "NO_ACTIVATION_CALLBACK", "提交时未给出激活回调地址");
    }
    OffsetDateTime when = activatedAt != null ? activatedAt : OffsetDateTime.now(properties.zone());
    return callbacks.sendActivation(card.activationCallbackUrl(),
        new ActivationNotice(card.cardNumber(), card.applicationNumber(), when));
  }

  public synchronized Acknowledgement receiveCardBatch(String key, CardBatchReceipt receipt) {
    requireKey(key);
    require(receipt.cardBatchNumber() != null && !receipt.cardBatchNumber().isBlank() && receipt.receivedCount() >= 0,
        "需要 cardBatchNumber 和不小于 0 的 receivedCount");
    return acknowledgeOnce(key, () -> cardBatchReceipts.add(receipt));
  }

  public synchronized Acknowledgement receiveSignOffSheet(String key, SignOffSheet sheet) {
    requireKey(key);
    require(notBlank(sheet.institutionCode()) && notBlank(sheet.cardBatchNumber()) && sheet.signedCount() >= 0,
        "需要 institutionCode、cardBatchNumber 和不小于 0 的 signedCount");
    return acknowledgeOnce(key, () -> signOffSheets.add(sheet));
  }

  public synchronized Acknowledgement receiveReturnedCards(String key, ReturnedCards returned) {
    requireKey(key);
    require(returned.cardNumbers() != null && !returned.cardNumbers().isEmpty()
        && returned.cardNumbers().stream().allMatch(CardCentreSimulator::notBlank), "需要至少一个卡号");
    return acknowledgeOnce(key, () -> {
      returnedCards.add(returned);
      // a card back at the centre no longer blocks a new card for its application
      returned.cardNumbers().forEach(n -> {
        Card card = cardsByNumber.get(n);
        if (card != null) {
          cardsByApplication.remove(card.applicationNumber(), card);
        }
      });
    });
  }

  public synchronized Acknowledgement receiveCardReport(String key, CardReport report) {
    requireKey(key);
    require(notBlank(report.cardNumber()) && report.reason() != null, "需要 cardNumber 和 reason");
    return acknowledgeOnce(key, () -> {
      cardReports.add(report);
      Card card = cardsByNumber.get(report.cardNumber());
      if (card != null) {
        Card stopped = new Card(card.cardNumber(), card.cardBatchNumber(), card.applicationNumber(),
            card.submissionId(), card.activationCallbackUrl(), true);
        cardsByNumber.put(card.cardNumber(), stopped);
        // the application may be made again (replacement): a new card, not the stopped one
        cardsByApplication.remove(card.applicationNumber(), card);
      }
    });
  }

  public synchronized Received received() {
    return new Received(List.copyOf(signOffSheets), List.copyOf(returnedCards), List.copyOf(cardReports),
        List.copyOf(cardBatchReceipts));
  }

  /** Forgets everything received and made (tests; the demo's "start over"). Faults are separate. */
  public synchronized void reset() {
    submissions.clear();
    cardsByApplication.clear();
    cardsByNumber.clear();
    acknowledged.clear();
    signOffSheets.clear();
    returnedCards.clear();
    cardReports.clear();
    cardBatchReceipts.clear();
  }

  private Acknowledgement acknowledgeOnce(String key, Runnable record) {
    Acknowledgement known = acknowledged.get(key);
    if (known != null) {
      return known;
    }
    record.run();
    Acknowledgement ack = new Acknowledgement(String.format(Locale.ROOT, "ACK%08d", ++ackSequence),
        OffsetDateTime.now(properties.zone()).toString());
    acknowledged.put(key, ack);
    return ack;
  }

  private static void validate(String key, ApplicationBatch batch) {
    requireKey(key);
    require(notBlank(batch.submissionId()), "缺少 submissionId");
    if (!key.equals(batch.submissionId())) {
      throw new SimulatorRefusal(400, "IDEMPOTENCY_KEY_MISMATCH", "Idempotency-Key 必须等于 submissionId");
    }
    require(batch.mode() != null && notBlank(batch.unitCode()) && notBlank(batch.callbackUrl()),
        "缺少 mode、unitCode 或 callbackUrl");
    require(batch.applications() != null && !batch.applications().isEmpty(), "批次中没有申请");
    Set<String> numbers = new HashSet<>();
    for (int i = 0; i < batch.applications().size(); i++) {
      ApplicationData a = batch.applications().get(i);
      // the message names the position, never the person
      require(a != null && notBlank(a.applicationNumber()), "第 " + (i + 1) + " 条申请缺少 applicationNumber");
      require(a.idNumber() != null && a.idNumber().length() == 18 && a.photoSource() != null
          && notBlank(a.name()), "申请 " + a.applicationNumber() + " 缺少姓名、有效的身份证号或照片来源");
      require(numbers.add(a.applicationNumber()), "申请编号 " + a.applicationNumber() + " 在批次中重复");
    }
  }

  /** What makes two submissions "the same": their unit, mode and application numbers. */
  private static Set<String> fingerprint(ApplicationBatch batch) {
    Set<String> f = new TreeSet<>();
    f.add("mode=" + batch.mode());
    f.add("unit=" + batch.unitCode());
    batch.applications().forEach(a -> f.add("app=" + a.applicationNumber()));
    return f;
  }

  private static void requireKey(String key) {
    if (!notBlank(key)) {
      throw new SimulatorRefusal(400, "MISSING_IDEMPOTENCY_KEY", "缺少 Idempotency-Key 请求头");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new SimulatorRefusal(400, "MALFORMED_REQUEST", message);
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static Set<String> loadRegistry(Resource resource) throws IOException {
    Set<String> ids = new HashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
      in.lines().map(l -> l.replaceAll("#.*", "").trim().toUpperCase(Locale.ROOT))
          .filter(l -> !l.isEmpty()).forEach(ids::add);
    }
    log.info("Financial card registry {}: {} ID numbers", resource.getDescription(), ids.size());
    return ids;
  }

  @PreDestroy
  void stop() {
    cardMaking.shutdownNow();
  }
}
