package cn.panyu.card.collective;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Submissions;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.delivery.Shipments;
import cn.panyu.card.feedback.IneligibleFeedbacks;
import cn.panyu.card.org.OrgUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A batch's rounds of submissions to the City Card Centre: the rows waiting go in parts of at most
 * {@code collective.submission-max-rows} (the centre makes one card batch per institution, the District Data Centre
 * forwards each call); when a round's results are in, its cards leave as one shipment and its ineligible rows go
 * back as one list through the card office and the department.
 */
@Service
public class BatchSubmissions {

  /** What a round left: a shipment of the cards made, a list of the ineligible, rows to submit again. */
  public record Round(int made, String shipmentId, int ineligible, String feedbackId, int pending) {}

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final Submissions submissions;
  private final Shipments shipments;
  private final IneligibleFeedbacks feedbacks;
  private final CollectiveBatches batches;
  private final int maxRowsPerSubmission;

  public BatchSubmissions(JdbcTemplate jdbc, ApplicationRepository applications, Submissions submissions,
      Shipments shipments, IneligibleFeedbacks feedbacks, CollectiveBatches batches,
      @Value("${collective.submission-max-rows:500}") int maxRowsPerSubmission) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.submissions = submissions;
    this.shipments = shipments;
    this.feedbacks = feedbacks;
    this.batches = batches;
    this.maxRowsPerSubmission = maxRowsPerSubmission;
  }

  /** The rows waiting for submission, in parts of at most the configured size; the new submission ids, in order. */
  @Transactional
  public List<String> prepare(String batchNumber, String institutionCode, String processInstanceId) {
    List<String> pending = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and status = 'REGISTERED' and submission_id is null order by application_number", String.class,
        batchNumber);
    List<String> ids = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += maxRowsPerSubmission) {
      String id = submissions.nextId(batchNumber);
      submissions.create(id, ApplicationMode.COLLECTIVE, institutionCode, batchNumber, processInstanceId,
          pending.subList(from, Math.min(pending.size(), from + maxRowsPerSubmission)));
      ids.add(id);
    }
    return ids;
  }

  /**
   * The round's results are in: its cards made leave the City Centre as one shipment, its ineligible rows go back as
   * one list (relayed by the institution's department, or by the card office itself when there is none).
   */
  @Transactional
  public Round collect(String batchNumber, List<String> submissionIds) {
    List<CardRef> made = new ArrayList<>();
    List<Application> ineligible = new ArrayList<>();
    for (String submissionId : submissionIds) {
      for (Application a : applications.findBySubmission(submissionId)) {
        if (a.status() == ApplicationStatus.CARD_MADE) {
          made.add(new CardRef(a.cardNumber(), a.applicationNumber()));
        } else if (a.status() == ApplicationStatus.INELIGIBLE) {
          ineligible.add(a);
        }
      }
      // a part the centre refused stays refused: its rows went back to the rows waiting
      if (!Submissions.Status.REFUSED.name().equals(jdbc.queryForObject("select status from submission"
          + " where submission_id = ?", String.class, submissionId))) {
        submissions.complete(submissionId);
      }
    }
    String shipment = null;
    if (!made.isEmpty()) {
      shipment = shipments.deliver(batchNumber, made);
      made.forEach(c -> applications.changeStatus(c.applicationNumber(), ApplicationStatus.IN_TRANSIT, "city-centre",
          "卡片由市社保卡管理中心逐级送往申领单位"));
    }
    String feedback = null;
    if (!ineligible.isEmpty()) {
      CollectiveBatches.BatchUnits units = batches.unitsOf(batches.institutionOf(batchNumber));
      feedback = feedbacks.open(ApplicationMode.COLLECTIVE, batchNumber,
          units.department() == null ? OrgUnit.CARD_OFFICE_CODE : units.department().code(), ineligible);
    }
    int pending = jdbc.queryForObject("select count(*) from application where batch_number = ? and status = 'REGISTERED'"
        + " and submission_id is null", Integer.class, batchNumber);
    return new Round(made.size(), shipment, ineligible.size(), feedback, pending);
  }
}
