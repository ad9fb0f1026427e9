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
import cn.panyu.card.personaldata.Masking;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;

/**
 * The simulated City Card Centre: receives submissions, makes cards after
 * {@code card-centre.simulator.card-making-delay} by {@link EligibilityRules}, calls the results back,
 * and records what the districts send it. Its state lives in its own tables ({@link SimulatorStore}), so that a
 * restart of the simulator or of the application loses nothing: submissions still being made are made after a
 * restart. Every method is synchronized on this object: the simulator is small, and simple locking keeps it
 * obviously right.
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
  private static final String SIGN_OFF_SHEET = "SIGN_OFF_SHEET";
  private static final String RETURNED_CARDS = "RETURNED_CARDS";
  private static final String CARD_REPORT = "CARD_REPORT";
  private static final String CARD_BATCH_RECEIPT = "CARD_BATCH_RECEIPT";

  private final SimulatorProperties properties;
  private final CallbackSender callbacks;
  private final EligibilityRules rules;
  private final ScheduledExecutorService cardMaking = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "ccc-simulator-card-making");
    t.setDaemon(true);
    return t;
  });

  private final SimulatorStore store;

  public CardCentreSimulator(SimulatorProperties properties, CallbackSender callbacks, ResourceLoader resources,
      SimulatorStore store) throws IOException {
    this.properties = properties;
    this.callbacks = callbacks;
    this.store = store;
    this.rules = new EligibilityRules(loadRegistry(resources.getResource(properties.financialCards())));
  }

  /** A card made for an application, and where to report its activation. */
  public record Card(String cardNumber, String cardBatchNumber, String applicationNumber, String submissionId,
      String activationCallbackUrl, boolean stopped) {}

  /** Everything the districts sent besides applications, in arrival order (for tests and the demo). */
  public record Received(List<SignOffSheet> signOffSheets, List<ReturnedCards> returnedCards,
      List<CardReport> cardReports, List<CardBatchReceipt> cardBatchReceipts) {}

  /**
   * Submissions received before a restart whose cards were not made yet: made when their delay is over, as if
   * the simulator had never stopped (after the application is up, so that their callbacks reach it).
   */
  @EventListener(ApplicationReadyEvent.class)
  public synchronized void resumeCardMaking() {
    for (SimulatorStore.StoredSubmission s : store.processing()) {
      long due = s.receivedAt().plus(properties.cardMakingDelay()).toEpochMilli() - System.currentTimeMillis();
      cardMaking.schedule(() -> makeCards(s.submissionId()), Math.max(0, due), TimeUnit.MILLISECONDS);
      log.info("Submission {} received before a restart: its cards are made", s.submissionId());
    }
  }

  /** POST /application-batches. */
  public synchronized SubmissionReceipt submit(String idempotencyKey, ApplicationBatch batch) {
    validate(idempotencyKey, batch);
    String fingerprint = fingerprint(batch);
    Optional<SimulatorStore.StoredSubmission> known = store.submission(batch.submissionId());
    if (known.isPresent()) {
      if (!known.get().fingerprint().equals(fingerprint)) {
        throw new SimulatorRefusal(409, "IDEMPOTENCY_CONFLICT", "同一提交编号已用于另一批申请");
      }
      log.info("Submission {} received again: same answer, nothing made twice", batch.submissionId());
      return new SubmissionReceipt(batch.submissionId(), known.get().received());
    }
    store.insertSubmission(batch, fingerprint, Instant.now());
    cardMaking.schedule(() -> makeCards(batch.submissionId()),
        properties.cardMakingDelay().toMillis(), TimeUnit.MILLISECONDS);
    log.info("Submission {} received: {} applications of unit {}", batch.submissionId(),
        batch.applications().size(), batch.unitCode());
    return new SubmissionReceipt(batch.submissionId(), batch.applications().size());
  }

  /** GET /application-batches/{submissionId}: the results so far. */
  public synchronized Optional<ResultsReport> report(String submissionId) {
    return store.submission(submissionId).map(s -> new ResultsReport(submissionId, s.status(), s.results()));
  }

  public synchronized Optional<Card> cardOf(String applicationNumber) {
    return store.currentCard(applicationNumber);
  }

  /** Makes the cards of a submission (the scheduled card-making run), then calls the results back. */
  void makeCards(String submissionId) {
    String callbackUrl;
    List<CardResult> results;
    synchronized (this) {
      SimulatorStore.StoredSubmission s = store.submission(submissionId).orElse(null);
      if (s == null || s.batch() == null) {
        return; // reset in between, or made already
      }
      LocalDate today = LocalDate.now(properties.zone());
      List<CardResult> made = new ArrayList<>();
      store.inTransaction(() -> {
        String cardBatchNumber = null;
        for (ApplicationData a : s.batch().applications()) {
          Card card = store.currentCard(a.applicationNumber()).orElse(null);
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
              cardBatchNumber = "KP" + today.format(DateTimeFormatter.BASIC_ISO_DATE)
                  + String.format("%05d", store.next("batch"));
            }
            card = new Card(String.format(Locale.ROOT, "GZ%010d", store.next("card")), cardBatchNumber,
                a.applicationNumber(), submissionId, s.batch().activationCallbackUrl(), false);
            store.insertCard(card);
          }
          made.add(new CardResult(a.applicationNumber(), Outcome.MADE, null, card.cardNumber(),
              card.cardBatchNumber()));
        }
        store.complete(submissionId, made); // the photos are not kept
      });
      callbackUrl = s.callbackUrl();
      results = List.copyOf(made);
    }
    log.info("Submission {} made: {} results", submissionId, results.size());
    List<Integer> statuses = callbacks.sendResults(callbackUrl, submissionId, results);
    synchronized (this) {
      if (store.submission(submissionId).isPresent()) {
        store.setCallbackStatuses(submissionId, statuses);
      }
    }
  }

  /**
   * What the application answered to the results callbacks of a submission: empty until the cards are
   * made and called back; then the HTTP statuses (an empty list when a fault lost the callback, -1 for a
   * callback that could not be delivered). Lets tests wait for the callback instead of sleeping.
   */
  public synchronized Optional<List<Integer>> callbackStatuses(String submissionId) {
    return store.submission(submissionId).map(SimulatorStore.StoredSubmission::callbackStatuses);
  }

  /**
   * The holder activated the card at the bank: calls the activation back (synchronously).
   *
   * @return the HTTP statuses the application answered (empty if the callback was lost by a fault)
   */
  public List<Integer> activate(String cardNumber, OffsetDateTime activatedAt) {
    Card card;
    synchronized (this) {
      card = store.card(cardNumber).orElse(null);
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
    return acknowledgeOnce(key, () -> store.addReceived(CARD_BATCH_RECEIPT, receipt));
  }

  public synchronized Acknowledgement receiveSignOffSheet(String key, SignOffSheet sheet) {
    requireKey(key);
    require(notBlank(sheet.institutionCode()) && notBlank(sheet.cardBatchNumber()) && sheet.signedCount() >= 0,
        "需要 institutionCode、cardBatchNumber 和不小于 0 的 signedCount");
    return acknowledgeOnce(key, () -> store.addReceived(SIGN_OFF_SHEET, sheet));
  }

  public synchronized Acknowledgement receiveReturnedCards(String key, ReturnedCards returned) {
    requireKey(key);
    require(returned.cardNumbers() != null && !returned.cardNumbers().isEmpty()
        && returned.cardNumbers().stream().allMatch(CardCentreSimulator::notBlank), "需要至少一个卡号");
    return acknowledgeOnce(key, () -> {
      store.addReceived(RETURNED_CARDS, returned);
      // a card back at the centre no longer blocks a new card for its application
      returned.cardNumbers().forEach(n -> store.release(n, false));
    });
  }

  public synchronized Acknowledgement receiveCardReport(String key, CardReport report) {
    requireKey(key);
    require(notBlank(report.cardNumber()) && report.reason() != null, "需要 cardNumber 和 reason");
    return acknowledgeOnce(key, () -> {
      store.addReceived(CARD_REPORT, report);
      // stopped; the application may be made again (replacement): a new card, not the stopped one
      store.release(report.cardNumber(), true);
    });
  }

  public synchronized Received received() {
    return new Received(store.received(SIGN_OFF_SHEET, SignOffSheet.class),
        store.received(RETURNED_CARDS, ReturnedCards.class), store.received(CARD_REPORT, CardReport.class),
        store.received(CARD_BATCH_RECEIPT, CardBatchReceipt.class));
  }

  /** Forgets everything received and made (tests; the demo's "start over"). Faults are separate. */
  public synchronized void reset() {
    store.clear();
  }

  private Acknowledgement acknowledgeOnce(String key, Runnable record) {
    Optional<Acknowledgement> known = store.acknowledgement(key);
    if (known.isPresent()) {
      return known.get();
    }
    Acknowledgement[] ack = new Acknowledgement[1];
    store.inTransaction(() -> {
      record.run();
      ack[0] = new Acknowledgement(String.format(Locale.ROOT, "ACK%08d", store.next("ack")),
          OffsetDateTime.now(properties.zone()).toString());
      store.insertAcknowledgement(key, ack[0]);
    });
    return ack[0];
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

  /** What makes two submissions "the same": their unit, mode and application numbers (as a SHA-256 hash). */
  private static String fingerprint(ApplicationBatch batch) {
    Set<String> f = new TreeSet<>();
    f.add("mode=" + batch.mode());
    f.add("unit=" + batch.unitCode());
    batch.applications().forEach(a -> f.add("app=" + a.applicationNumber()));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", f).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
