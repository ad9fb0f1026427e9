package cn.panyu.card.individual;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Documents;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import cn.panyu.card.citycentre.CardResultPoller;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.citycentre.SubmissionRequest;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A town's registered individual applications, aggregated into one submission, checked by the town and
 * the District Government Affairs Office, sent to the City Card Centre in one call, and followed until
 * every application has its result.
 */
@Service
public class TownSubmissions {

  public record Aggregate(String submissionId, OrgUnit town, int count) {}

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final Documents documents;
  private final CityCentreClient cityCentre;
  private final CardResultPoller poller;
  private final HandoverService handovers;

  public TownSubmissions(JdbcTemplate jdbc, ApplicationRepository applications, OrgUnitRepository units,
      Documents documents, CityCentreClient cityCentre, CardResultPoller poller, HandoverService handovers) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.units = units;
    this.documents = documents;
    this.cityCentre = cityCentre;
    this.poller = poller;
    this.handovers = handovers;
  }

  /** Towns that have registered applications waiting for a submission. */
  public List<String> townsWithPendingApplications() {
    return jdbc.queryForList("""
        select distinct v.parent_code from application a join org_unit v on v.code = a.unit_code
        where a.mode = 'INDIVIDUAL' and a.status = 'REGISTERED' and a.submission_id is null
        order by v.parent_code""", String.class);
  }

  /** The town of a staff member who starts a submission in Tasklist. */
  public String townOfUser(String userId) {
    return units.findOnlyUnitOfMember(userId, OrgUnitType.TOWN).map(OrgUnit::code).orElseThrow(() ->
        new IllegalStateException("发起人 " + userId + " 不属于唯一的镇（街），无法确定汇总范围"));
  }

  @Transactional
  public Aggregate aggregate(String townCode, String processInstanceId) {
    OrgUnit town = units.findByCode(townCode).filter(u -> u.type() == OrgUnitType.TOWN)
        .orElseThrow(() -> new IllegalStateException("镇（街） " + townCode + " 不存在"));
    List<String> pending = applications.findPendingForTown(townCode);
    if (pending.isEmpty()) {
      return new Aggregate(null, town, 0);
    }
    Long n = jdbc.queryForObject("select nextval('submission_seq')", Long.class);
    String id = "SUB-" + townCode + "-" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + n;
    jdbc.update("insert into submission (submission_id, mode, unit_code, status, application_count,"
        + " process_instance_id, created_at) values (?, 'INDIVIDUAL', ?, 'CREATED', ?, ?, ?)",
        id, townCode, pending.size(), processInstanceId, Timestamp.from(Instant.now()));
    applications.assignSubmission(id, pending);
    int count = jdbc.queryForObject("select count(*) from application where submission_id = ?", Integer.class, id);
    return new Aggregate(id, town, count);
  }

  @Transactional
  public void release(String submissionId) {
    if (submissionId != null) {
      applications.releaseSubmission(submissionId);
      jdbc.update("update submission set status = 'POSTPONED' where submission_id = ?", submissionId);
    }
  }

  /**
   * One call for the whole submission; its id is the idempotency key, so a retried job never makes a
   * second card. Throws {@link cn.panyu.card.citycentre.CityCentreRefusal} when the centre refuses it.
   */
  // a refusal is the centre's answer (a BPMN error path), not a failure to roll back
  @Transactional(noRollbackFor = CityCentreRefusal.class)
  public void submit(String submissionId) {
    List<Application> apps = applications.findBySubmission(submissionId).stream()
        .filter(a -> a.status() == ApplicationStatus.REGISTERED || a.status() == ApplicationStatus.SUBMITTED)
        .toList();
    String town = jdbc.queryForObject("select unit_code from submission where submission_id = ?", String.class,
        submissionId);
    // rows are updated (and so locked) before the call: a result that comes back before this transaction
    // commits waits for it instead of finding the application not yet submitted
    applications.markSubmitted(submissionId, apps.stream().map(Application::applicationNumber).toList());
    cityCentre.submitApplications(new SubmissionRequest(submissionId, Mode.INDIVIDUAL, town,
        apps.stream().map(this::payload).toList()));
    jdbc.update("update submission set status = 'SENT', sent_at = ? where submission_id = ?",
        Timestamp.from(Instant.now()), submissionId);
  }

  /** Fetches the results that callbacks may have lost; true when every application has its result. */
  public boolean pollAndCheckComplete(String submissionId) {
    if (hasOutstanding(submissionId)) {
      poller.poll(submissionId);
    }
    return !hasOutstanding(submissionId);
  }

  private boolean hasOutstanding(String submissionId) {
    return jdbc.queryForObject("select count(*) from application where submission_id = ? and status = 'SUBMITTED'",
        Integer.class, submissionId) > 0;
  }

  /** The cards made for this submission travel as one box from the City Centre to the card office. */
  @Transactional
  public void dispatchMadeCards(String submissionId) {
    List<CardRef> cards = applications.findBySubmission(submissionId).stream()
        .filter(a -> a.status() == ApplicationStatus.CARD_MADE)
        .map(a -> new CardRef(a.cardNumber(), a.applicationNumber()))
        .toList();
    if (!cards.isEmpty()) {
      handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE, cards,
          "city-centre");
      cards.forEach(c -> applications.changeStatus(c.applicationNumber(), ApplicationStatus.IN_TRANSIT, "city-centre",
          "卡片由市社保卡管理中心移交区卡办"));
    }
    jdbc.update("update submission set status = 'COMPLETED' where submission_id = ?", submissionId);
  }

  private ApplicationData payload(Application a) {
    byte[] photo = a.photoDocumentId() == null ? null
        : documents.find(a.photoDocumentId()).map(Documents.Document::content).orElse(null);
    return new ApplicationData(a.applicationNumber(), a.name(), a.gender(), a.idNumber(), a.phone(), a.bank(),
        a.residency(), a.workId(), a.photoSource() == null ? PhotoSource.POLICE : PhotoSource.valueOf(a.photoSource()),
        photo, a.studioReceipt());
  }
}
