package cn.panyu.card.individual;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Submissions;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.delivery.Shipments;
import cn.panyu.card.feedback.IneligibleFeedbacks;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A town's registered individual applications, aggregated into one submission, checked by the town and the District
 * Government Affairs Office, sent to the City Card Centre in one call, followed until every application has its
 * result; then the cards made go down as one shipment and the ineligible ones back as one list.
 */
@Service
public class TownSubmissions {

  public record Aggregate(String submissionId, OrgUnit town, int count) {}

  /** What the centre's answers left: a shipment of the cards made, a list of the ineligible (or null). */
  public record Results(int made, String shipmentId, int ineligible, String feedbackId) {}

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final Submissions submissions;
  private final Shipments shipments;
  private final IneligibleFeedbacks feedbacks;
  private final Clock clock;

  public TownSubmissions(JdbcTemplate jdbc, ApplicationRepository applications, OrgUnitRepository units,
      Submissions submissions, Shipments shipments, IneligibleFeedbacks feedbacks, Clock clock) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.units = units;
    this.submissions = submissions;
    this.shipments = shipments;
    this.feedbacks = feedbacks;
    this.clock = clock;
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
    String id = submissions.nextId(townCode + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE));
    submissions.create(id, ApplicationMode.INDIVIDUAL, townCode, null, processInstanceId, pending);
    return new Aggregate(id, town, submissions.size(id));
  }

  /** Every result is in: the cards made leave the City Centre as one shipment, the ineligible go back as a list. */
  @Transactional
  public Results collectResults(String submissionId, String townCode) {
    List<Application> apps = applications.findBySubmission(submissionId);
    List<CardRef> made = apps.stream().filter(a -> a.status() == ApplicationStatus.CARD_MADE)
        .map(a -> new CardRef(a.cardNumber(), a.applicationNumber())).toList();
    List<Application> ineligible = apps.stream().filter(a -> a.status() == ApplicationStatus.INELIGIBLE).toList();
    String shipment = null;
    if (!made.isEmpty()) {
      shipment = shipments.deliver(submissionId, made);
      made.forEach(c -> applications.changeStatus(c.applicationNumber(), ApplicationStatus.IN_TRANSIT, "city-centre",
          "卡片由市社保卡管理中心逐级送往村（居）委"));
    }
    String feedback = ineligible.isEmpty() ? null
        : feedbacks.open(ApplicationMode.INDIVIDUAL, submissionId, townCode, ineligible);
    submissions.complete(submissionId);
    return new Results(made.size(), shipment, ineligible.size(), feedback);
  }
}
