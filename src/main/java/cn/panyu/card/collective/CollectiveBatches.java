package cn.panyu.card.collective;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Documents;
import cn.panyu.card.application.IneligibleReasonTexts;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardResultPoller;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.citycentre.SubmissionRequest;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.intake.IntakeProperties;
import cn.panyu.card.intake.PhotoArchive;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens to an institution's batch along {@code collective-issuance}, behind the thin delegates: its
 * units, its submissions to the City Card Centre (at most {@code collective.submission-max-rows} rows
 * each), its card-making results, the correction of ineligible rows, the arrival of its cards at the
 * institution, issuing, and the return of the sign-off sheets and of overdue cards. Whether a batch's
 * cards have all arrived and whether its returns are complete is decided here only; {@code CardRouting}
 * asks the same methods before it wakes the batch's instance.
 */
@Service
public class CollectiveBatches {

  public static final String DOCUMENT_KIND_SIGN_OFF = "SIGN_OFF_SHEET";

  /** The institution and department of a batch. */
  public record BatchUnits(OrgUnit institution, OrgUnit department) {}

  /** What a round of card making left: cards made (and dispatched), rows ineligible, rows to submit again. */
  public record RoundResult(int made, int ineligible, int pending) {}

  /** GET /api/collective-batches/{batchNumber}. */
  public record Summary(String batchNumber, String status, String institutionCode, Counts counts,
      List<String> applicationNumbers) {}

  public record Counts(int accepted, int rejected, int ineligible, int made, int issued, int signed, int recovered) {}

  /** What the institution's issuing form recorded. */
  public record Issuing(int issued, int recovered) {}

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final Documents documents;
  private final CityCentreClient cityCentre;
  private final CardResultPoller poller;
  private final HandoverService handovers;
  private final CustodyLedger ledger;
  private final IntakeProperties intakeLimits;
  private final ProcessEngine engine;
  private final int maxRowsPerSubmission;

  public CollectiveBatches(JdbcTemplate jdbc, ApplicationRepository applications, OrgUnitRepository units,
      Documents documents, CityCentreClient cityCentre, CardResultPoller poller, HandoverService handovers,
      CustodyLedger ledger, IntakeProperties intakeLimits, ProcessEngine engine,
      @Value("${collective.submission-max-rows:500}") int maxRowsPerSubmission) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.units = units;
    this.documents = documents;
    this.cityCentre = cityCentre;
    this.poller = poller;
    this.handovers = handovers;
    this.ledger = ledger;
    this.intakeLimits = intakeLimits;
    this.engine = engine;
    this.maxRowsPerSubmission = maxRowsPerSubmission;
  }

  // ---------------------------------------------------------------- units and status

  public BatchUnits unitsOf(String institutionCode) {
    OrgUnit institution = units.findByCode(institutionCode).filter(u -> u.type() == OrgUnitType.INSTITUTION)
        .orElseThrow(() -> new IllegalStateException("单位 " + institutionCode + " 不存在或不是机关事业单位"));
    OrgUnit department = institution.parentCode() == null ? null
        : units.findByCode(institution.parentCode()).orElse(null);
    return new BatchUnits(institution, department);
  }

  /** The institution of a staff member who uploads in Tasklist; exactly one is expected. */
  public String institutionOfUser(String userId) {
    return units.findOnlyUnitOfMember(userId, OrgUnitType.INSTITUTION).map(OrgUnit::code).orElseThrow(() ->
        new IllegalStateException("上传人 " + userId + " 不属于唯一的机关事业单位，无法确定申领单位"));
  }

  /** The batch's stage for lists and GET /api/collective-batches/{n} (called from the model's listeners). */
  public void setStatus(String batchNumber, String status) {
    jdbc.update("update collective_batch set status = ?, updated_at = ? where batch_number = ?", status, now(),
        batchNumber);
  }

  /** The refused rows of the intake, one line each, for the correction form. */
  public String rejectedText(String batchNumber) {
    List<String> lines = jdbc.query("select row_number, message, reason from batch_row_error where batch_number = ?"
        + " order by row_number, id", (rs, i) -> "第" + rs.getInt(1) + "行：" + rs.getString(2) + "（"
        + rs.getString(3) + "）", batchNumber);
    return limit(String.join("\n", lines));
  }

  public int rejectedRows(String batchNumber) {
    return jdbc.queryForObject("select count(distinct row_number) from batch_row_error where batch_number = ?",
        Integer.class, batchNumber);
  }

  public int acceptedRows(String batchNumber) {
    return jdbc.queryForObject("select accepted from collective_batch where batch_number = ?", Integer.class,
        batchNumber);
  }

  /** The institution withdraws the whole batch (after a return): every live row is withdrawn. */
  @Transactional
  public void withdrawBatch(String batchNumber, String actor) {
    for (String number : numbersIn(batchNumber, ApplicationStatus.REGISTERED, ApplicationStatus.INELIGIBLE)) {
      withdraw(number, actor, "单位撤回集体申领批次");
    }
    setStatus(batchNumber, "WITHDRAWN");
  }

  // ---------------------------------------------------------------- submissions

  /**
   * The batch's rows waiting for submission, in submissions of at most the configured size (the centre
   * makes one card batch per institution, the District Data Centre forwards each call).
   *
   * @return the new submission ids, in order
   */
  @Transactional
  public List<String> prepareSubmissions(String batchNumber, String institutionCode, String processInstanceId) {
    List<String> pending = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and status = 'REGISTERED' and submission_id is null order by application_number", String.class,
        batchNumber);
    List<String> ids = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += maxRowsPerSubmission) {
      List<String> part = pending.subList(from, Math.min(pending.size(), from + maxRowsPerSubmission));
      Long n = jdbc.queryForObject("select nextval('submission_seq')", Long.class);
      String id = "SUB-" + batchNumber + "-" + n;
      jdbc.update("insert into submission (submission_id, mode, unit_code, status, application_count,"
          + " process_instance_id, created_at, batch_number) values (?, 'COLLECTIVE', ?, 'CREATED', ?, ?, ?, ?)",
          id, institutionCode, part.size(), processInstanceId, now(), batchNumber);
      applications.assignSubmission(id, part);
      ids.add(id);
    }
    setStatus(batchNumber, "SUBMITTED");
    return ids;
  }

  /**
   * One call for one submission; its id is the idempotency key, so a retried job never makes a second
   * card. A refusal ({@link CityCentreRefusal}) leaves the rows marked as sent, for {@link #release}; it
   * must not roll back the engine's transaction, which goes on to the model's error path.
   */
  @Transactional(noRollbackFor = CityCentreRefusal.class)
  public void submit(String submissionId) {
    List<Application> apps = applications.findBySubmission(submissionId).stream()
        .filter(a -> a.status() == ApplicationStatus.REGISTERED || a.status() == ApplicationStatus.SUBMITTED)
        .toList();
    String institution = jdbc.queryForObject("select unit_code from submission where submission_id = ?",
        String.class, submissionId);
    // rows are updated (and so locked) first: a result that arrives before this commits waits for it
    applications.markSubmitted(submissionId, apps.stream().map(Application::applicationNumber).toList());
    cityCentre.submitApplications(new SubmissionRequest(submissionId, Mode.COLLECTIVE, institution,
        apps.stream().map(this::payload).toList()));
    jdbc.update("update submission set status = 'SENT', sent_at = ? where submission_id = ?", now(), submissionId);
  }

  /** The centre refused the submission: its rows wait for the card office's next review. */
  @Transactional
  public void release(String submissionId) {
    Timestamp now = now();
    List<String> rows = jdbc.queryForList("select application_number from application where submission_id = ?"
        + " and status in ('REGISTERED', 'SUBMITTED')", String.class, submissionId);
    for (String number : rows) {
      jdbc.update("update application set status = 'REGISTERED', submission_id = null, updated_at = ?"
          + " where application_number = ?", now, number);
      applications.addEvent(number, ApplicationStatus.REGISTERED, "system", "报送被市社保卡管理中心拒收，退回待报送");
    }
    jdbc.update("update submission set status = 'REFUSED' where submission_id = ?", submissionId);
  }

  /** Fetches the results that callbacks may have lost; true when every row of the submission has one. */
  public boolean pollAndCheckComplete(String submissionId) {
    if (outstanding(submissionId) > 0) {
      poller.poll(submissionId);
    }
    return outstanding(submissionId) == 0;
  }

  private int outstanding(String submissionId) {
    return jdbc.queryForObject("select count(*) from application where submission_id = ? and status = 'SUBMITTED'",
        Integer.class, submissionId);
  }

  /**
   * After a round of submissions: the cards made in it go as one box from the City Centre to the card
   * office (CardRouting takes them on down to the department and the institution); counts what is left.
   */
  @Transactional
  public RoundResult collectResults(String batchNumber) {
    List<CardRef> cards = applicationsIn(batchNumber, ApplicationStatus.CARD_MADE).stream()
        .map(a -> new CardRef(a.cardNumber(), a.applicationNumber())).toList();
    if (!cards.isEmpty()) {
      handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards,
          "city-centre");
      cards.forEach(c -> applications.changeStatus(c.applicationNumber(), ApplicationStatus.IN_TRANSIT,
          "city-centre", "卡片由市社保卡管理中心移交区卡办"));
    }
    jdbc.update("update submission set status = 'COMPLETED' where batch_number = ? and status = 'SENT'", batchNumber);
    int ineligible = count(batchNumber, "INELIGIBLE");
    int pending = count(batchNumber, "REGISTERED");
    return new RoundResult(cards.size(), ineligible, pending);
  }

  // ---------------------------------------------------------------- ineligible rows

  /** The ineligible rows with reason and advice, one line each, for the feedback forms. */
  public String ineligibleText(String batchNumber) {
    return limit(applicationsIn(batchNumber, ApplicationStatus.INELIGIBLE).stream()
        .map(a -> a.applicationNumber() + " " + a.name() + "：" + IneligibleReasonTexts.text(a.ineligibleReason())
            + "；" + IneligibleReasonTexts.advice(a.ineligibleReason()))
        .collect(Collectors.joining("\n")));
  }

  /**
   * The rows a correction cannot help (the person holds a financial card already, or is past the age
   * limit): the follow-up form opens with them listed for withdrawal, the normal case.
   */
  public String suggestedWithdrawals(String batchNumber) {
    StringBuilder numbers = new StringBuilder();
    for (Application a : applicationsIn(batchNumber, ApplicationStatus.INELIGIBLE)) {
      boolean hopeless = "HAS_FINANCIAL_CARD".equals(a.ineligibleReason()) || "AGE_LIMIT".equals(a.ineligibleReason());
      if (hopeless && numbers.length() + a.applicationNumber().length() < 3900) { // a string variable's limit
        numbers.append(numbers.isEmpty() ? "" : "\n").append(a.applicationNumber());
      }
    }
    return numbers.toString();
  }

  /**
   * The institution's answer to its ineligible rows: the listed ones (application numbers or ID numbers)
   * are withdrawn, every other one is corrected — with its photo from the ZIP when the ZIP has one — and
   * goes to the City Card Centre again.
   *
   * @return how many rows go again
   */
  @Transactional
  public int applyFollowUp(String batchNumber, String withdrawText, byte[] photosZip, String actor) {
    List<Application> ineligible = applicationsIn(batchNumber, ApplicationStatus.INELIGIBLE);
    Set<String> withdraw = tokens(withdrawText);
    Set<String> known = new LinkedHashSet<>();
    ineligible.forEach(a -> {
      known.add(a.applicationNumber());
      known.add(a.idNumber());
    });
    List<String> unknown = withdraw.stream().filter(t -> !known.contains(t)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("以下编号不是本批次不符合制卡条件的记录：" + String.join("、", unknown));
    }
    PhotoArchive photos = null;
    Path zip = null;
    try {
      if (photosZip != null && photosZip.length > 0) {
        zip = Files.createTempFile("collective-photos-", ".zip");
        Files.write(zip, photosZip);
        photos = PhotoArchive.open(zip, intakeLimits);
      }
      int again = 0;
      for (Application a : ineligible) {
        if (withdraw.contains(a.applicationNumber()) || withdraw.contains(a.idNumber())) {
          withdraw(a.applicationNumber(), actor, "不符合制卡条件，单位撤回");
          continue;
        }
        PhotoArchive.Photo photo = photos == null ? null : photos.find(a.idNumber(), a.workId());
        if (photo != null && photo.problem() != null) {
          throw new IllegalArgumentException("照片 " + photo.entryName() + " 不合格：" + photo.problem());
        }
        if (photo != null) {
          long id = documents.store("PHOTO", photo.entryName(), "image/jpeg", photos.bytes(photo), actor);
          jdbc.update("update application set photo_source = 'UPLOAD', photo_document_id = ? where application_number = ?",
              id, a.applicationNumber());
        }
        applications.updateCorrection(a.applicationNumber(), null, null, null, null, actor);
        again++;
      }
      return again;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("读取照片压缩包失败", e);
    } finally {
      if (photos != null) {
        photos.close();
      }
      if (zip != null) {
        zip.toFile().delete();
      }
    }
  }

  // ---------------------------------------------------------------- cards at the institution

  /** Every card made for the batch has reached the institution (none made and not yet there). */
  public boolean allCardsArrived(String batchNumber) {
    return jdbc.queryForObject("select count(*) from application where batch_number = ?"
        + " and status in ('CARD_MADE', 'IN_TRANSIT')", Integer.class, batchNumber) == 0;
  }

  public int cardsAtInstitution(String batchNumber) {
    return count(batchNumber, "AT_ISSUING_UNIT");
  }

  /** Cards of these batches arrived at their institution: wakes each batch whose cards are now all there. */
  public void cardsArrived(Collection<String> batchNumbers) {
    for (String batch : new TreeSet<>(batchNumbers)) {
      if (allCardsArrived(batch)) {
        // nobody may be waiting yet (the batch is still correcting rows): the model checks again itself
        wake(CollectiveIssuance.MESSAGE_CARDS_ARRIVED, batch);
      }
    }
  }

  // ---------------------------------------------------------------- issuing and returns

  /**
   * The institution's issuing record: every card at the institution was handed out, except the listed
   * ones (application, card or ID numbers), which were not collected by the deadline and are recovered up
   * the chain. The stamped sign-off sheets (the scan) go up the chain to the City Centre.
   */
  @Transactional
  public Issuing recordIssuing(String batchNumber, String notCollectedText, byte[] scan, String scanName,
      String actor) {
    List<Application> atInstitution = applicationsIn(batchNumber, ApplicationStatus.AT_ISSUING_UNIT);
    Set<String> notCollected = tokens(notCollectedText);
    Map<String, Application> byToken = new LinkedHashMap<>();
    atInstitution.forEach(a -> {
      byToken.put(a.applicationNumber(), a);
      byToken.put(a.cardNumber(), a);
      byToken.put(a.idNumber(), a);
    });
    List<String> unknown = notCollected.stream().filter(t -> !byToken.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("以下编号不是本单位待发放的卡片：" + String.join("、", unknown));
    }
    Set<String> recover = notCollected.stream().map(t -> byToken.get(t).applicationNumber())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    List<CardRef> issued = new ArrayList<>();
    List<CardRef> recovered = new ArrayList<>();
    for (Application a : atInstitution) {
      CardRef card = new CardRef(a.cardNumber(), a.applicationNumber());
      if (recover.contains(a.applicationNumber())) {
        recovered.add(card);
        applications.changeStatus(a.applicationNumber(), ApplicationStatus.RECOVERED, actor,
            "逾期未领，卡片由单位交回");
      } else {
        ledger.recordIssued(a.cardNumber(), actor);
        applications.changeStatus(a.applicationNumber(), ApplicationStatus.ISSUED, actor, "已领卡并在签收表上签名");
        issued.add(card);
      }
    }
    if (!issued.isEmpty() && (scan == null || scan.length == 0)) {
      throw new IllegalArgumentException("请上传盖章后的领卡签收表扫描件");
    }
    BatchUnits u = unitsOf(institutionOf(batchNumber));
    String from = Locations.of(u.institution());
    String up = u.department() == null ? Locations.DISTRICT_CARD_OFFICE : Locations.of(u.department());
    if (!recovered.isEmpty()) {
      handovers.dispatch(HandoverPurpose.RECOVERY, from, up, recovered, actor);
    }
    if (!issued.isEmpty()) {
      long doc = documents.store(DOCUMENT_KIND_SIGN_OFF, scanName == null ? batchNumber + "-签收表.pdf" : scanName,
          "application/octet-stream", scan, actor);
      jdbc.update("update collective_batch set sign_off_document_id = ? where batch_number = ?", doc, batchNumber);
      handovers.dispatch(HandoverPurpose.SIGN_OFF_SHEETS, from, up, issued, actor);
    }
    setStatus(batchNumber, "RETURNING");
    return new Issuing(issued.size(), recovered.size());
  }

  /** The sign-off sheets of every issued card and every recovered card are back at the City Card Centre. */
  public boolean returnsComplete(String batchNumber) {
    int sheetsOut = jdbc.queryForObject("""
        select count(*) from application a where a.batch_number = ? and a.status = 'ISSUED'
          and not exists (select 1 from handover_item i join handover h on h.handover_id = i.handover_id
            where i.card_number = a.card_number and h.purpose = 'SIGN_OFF_SHEETS' and h.to_location = 'CITY_CENTRE'
              and h.status = 'RETURNED')""", Integer.class, batchNumber);
    int cardsOut = jdbc.queryForObject("""
        select count(*) from application a where a.batch_number = ? and a.status = 'RECOVERED'
          and not exists (select 1 from card_movement m where m.card_number = a.card_number and m.kind = 'RETURNED')""",
        Integer.class, batchNumber);
    return sheetsOut == 0 && cardsOut == 0;
  }

  /** Sheets or recovered cards reached the City Centre: wakes each batch whose returns are complete. */
  public void returnedToCityCentre(List<CardRef> cards) {
    for (String batch : batchesOf(cards)) {
      if (returnsComplete(batch)) {
        wake(CollectiveIssuance.MESSAGE_RETURNS_COMPLETED, batch);
      }
    }
  }

  /** The batches (collective rows only) these cards belong to. */
  public Set<String> batchesOf(List<CardRef> cards) {
    return applications.findByCardNumbers(cards.stream().map(CardRef::cardNumber).toList()).stream()
        .map(Application::batchNumber).filter(b -> b != null).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The sign-off sheets that a handover brings to the City Card Centre: one per batch of the listed cards,
   * with the batch's stamped scan and the number of signatures on it.
   */
  public List<SignOffSheet> signOffSheets(List<String> cardNumbers) {
    Map<String, List<Application>> byBatch = applications.findByCardNumbers(cardNumbers).stream()
        .filter(a -> a.batchNumber() != null)
        .collect(Collectors.groupingBy(Application::batchNumber, java.util.TreeMap::new, Collectors.toList()));
    List<SignOffSheet> sheets = new ArrayList<>();
    byBatch.forEach((batch, apps) -> {
      Long doc = jdbc.queryForObject("select sign_off_document_id from collective_batch where batch_number = ?",
          Long.class, batch);
      byte[] scan = doc == null ? null : documents.find(doc).map(Documents.Document::content).orElse(null);
      sheets.add(new SignOffSheet(apps.get(0).unitCode(), batch, apps.size(), scan));
    });
    return sheets;
  }

  @Transactional
  public void complete(String batchNumber) {
    setStatus(batchNumber, "COMPLETED");
  }

  // ---------------------------------------------------------------- the batch as the API shows it

  public Summary summary(String batchNumber) {
    var rows = jdbc.queryForList("select status, institution_code, accepted, rejected from collective_batch"
        + " where batch_number = ?", batchNumber);
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Object> b = rows.get(0);
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    jdbc.query("select status, count(*) from application where batch_number = ? group by status",
        rs -> {
          byStatus.put(rs.getString(1), rs.getInt(2));
        }, batchNumber);
    int ineligible = jdbc.queryForObject("select count(distinct e.application_number) from application_event e"
        + " join application a on a.application_number = e.application_number"
        + " where a.batch_number = ? and e.status = 'INELIGIBLE'", Integer.class, batchNumber);
    int made = jdbc.queryForObject("select count(*) from application where batch_number = ? and card_number is not null",
        Integer.class, batchNumber);
    int signed = jdbc.queryForObject("""
        select count(distinct i.card_number) from handover_item i join handover h on h.handover_id = i.handover_id
          join application a on a.card_number = i.card_number
        where a.batch_number = ? and h.purpose = 'SIGN_OFF_SHEETS' and h.to_location = 'CITY_CENTRE'
          and h.status = 'RETURNED'""", Integer.class, batchNumber);
    Counts counts = new Counts(((Number) b.get("ACCEPTED")).intValue(), rejectedRows(batchNumber), ineligible, made,
        byStatus.getOrDefault("ISSUED", 0) + byStatus.getOrDefault("ACTIVATED", 0), signed,
        byStatus.getOrDefault("RECOVERED", 0));
    List<String> numbers = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " order by application_number", String.class, batchNumber);
    return new Summary(batchNumber, (String) b.get("STATUS"), (String) b.get("INSTITUTION_CODE"), counts, numbers);
  }

  public String institutionOf(String batchNumber) {
    List<String> found = jdbc.queryForList("select institution_code from collective_batch where batch_number = ?",
        String.class, batchNumber);
    return found.isEmpty() ? null : found.get(0);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Tells the batch's instance (if it waits). The receipt that causes it is confirmed by a clerk of the
   * receiving unit, who may not update the batch's instance himself; this runs inside the receipt's
   * delegate, where the engine checks no authorizations (authorizationEnabledForCustomCode is off).
   */
  private void wake(String message, String batchNumber) {
    engine.getRuntimeService().createMessageCorrelation(message).processInstanceBusinessKey(batchNumber)
        .correlateAllWithResult();
  }

  private void withdraw(String applicationNumber, String actor, String note) {
    applications.changeStatus(applicationNumber, ApplicationStatus.WITHDRAWN, actor, note);
    applications.releaseClaim(applicationNumber);
  }

  private List<Application> applicationsIn(String batchNumber, ApplicationStatus status) {
    return numbersIn(batchNumber, status).stream().map(applications::get).toList();
  }

  private List<String> numbersIn(String batchNumber, ApplicationStatus... statuses) {
    String marks = Arrays.stream(statuses).map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
    return jdbc.queryForList("select application_number from application where batch_number = ? and status in ("
        + marks + ") order by application_number", String.class, batchNumber);
  }

  private int count(String batchNumber, String status) {
    return jdbc.queryForObject("select count(*) from application where batch_number = ? and status = ?",
        Integer.class, batchNumber, status);
  }

  private ApplicationData payload(Application a) {
    byte[] photo = a.photoDocumentId() == null ? null
        : documents.find(a.photoDocumentId()).map(Documents.Document::content).orElse(null);
    return new ApplicationData(a.applicationNumber(), a.name(), a.gender(), a.idNumber(), a.phone(), a.bank(),
        a.residency(), a.workId(), a.photoSource() == null ? PhotoSource.POLICE : PhotoSource.valueOf(a.photoSource()),
        photo, a.studioReceipt());
  }

  /** Numbers as staff type them: separated by line breaks, spaces, commas or 、；. */
  static Set<String> tokens(String text) {
    if (text == null) {
      return Set.of();
    }
    return Arrays.stream(text.split("[\\s,，、;；]+")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Process variables of type string hold at most 4000 characters: longer lists are cut with a note. */
  private static String limit(String text) {
    return text.length() <= 3900 ? text : text.substring(0, 3900) + "\n……（更多记录见批次详情）";
  }

  private static Timestamp now() {
    return Timestamp.from(org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant());
  }
}
