package cn.panyu.card.application;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import cn.panyu.card.citycentre.CardResultPoller;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.citycentre.SubmissionRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A submission: applications that go to the City Card Centre in one call (a town's, part of a batch, a replacement
 * card), followed until each has its result. One life cycle for every mode; owner of the {@code submission} table.
 */
@Service
public class Submissions {

  /** A submission's state in the {@code submission} table. */
  public enum Status { CREATED, SENT, COMPLETED, POSTPONED, REFUSED }

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final Documents documents;
  private final CityCentreClient cityCentre;
  private final CardResultPoller poller;
  private final Clock clock;

  public Submissions(JdbcTemplate jdbc, ApplicationRepository applications, Documents documents,
      CityCentreClient cityCentre, CardResultPoller poller, Clock clock) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.documents = documents;
    this.cityCentre = cityCentre;
    this.poller = poller;
    this.clock = clock;
  }

  /** Puts these applications (registered, in no submission) into a new submission; idempotent on its id. */
  @Transactional
  public void create(String submissionId, ApplicationMode mode, String unitCode, String batchNumber,
      String processInstanceId, List<String> applicationNumbers) {
    if (jdbc.queryForObject("select count(*) from submission where submission_id = ?", Integer.class,
        submissionId) > 0) {
      return;
    }
    jdbc.update("insert into submission (submission_id, mode, unit_code, status, application_count,"
            + " process_instance_id, created_at, batch_number) values (?, ?, ?, ?, ?, ?, ?, ?)",
        submissionId, mode.name(), unitCode, Status.CREATED.name(), applicationNumbers.size(), processInstanceId,
        now(), batchNumber);
    applications.assignSubmission(submissionId, applicationNumbers);
  }

  /** A new id from the submission sequence: SUB-{prefix}-{n}. */
  public String nextId(String prefix) {
    return "SUB-" + prefix + "-" + jdbc.queryForObject("select nextval('submission_seq')", Long.class);
  }

  public int size(String submissionId) {
    return jdbc.queryForObject("select count(*) from application where submission_id = ?", Integer.class,
        submissionId);
  }

  /**
   * One call for the whole submission; its id is the idempotency key, so a retried job never makes a second card.
   * The rows are updated (and so locked) before the call: a result that comes back before this transaction commits
   * waits for it instead of finding the application not yet submitted. A refusal
   * ({@link CityCentreRefusal}) is the centre's answer, for the model's error path: it must not roll back.
   */
  @Transactional(noRollbackFor = CityCentreRefusal.class)
  public void send(String submissionId) {
    List<Application> apps = applications.findBySubmission(submissionId).stream()
        .filter(a -> a.status() == ApplicationStatus.REGISTERED || a.status() == ApplicationStatus.SUBMITTED)
        .toList();
    var row = jdbc.queryForMap("select mode, unit_code from submission where submission_id = ?", submissionId);
    Mode mode = ApplicationMode.COLLECTIVE.name().equals(row.get("MODE")) ? Mode.COLLECTIVE : Mode.INDIVIDUAL;
    applications.markSubmitted(submissionId, apps.stream().map(Application::applicationNumber).toList());
    cityCentre.submitApplications(new SubmissionRequest(submissionId, mode, (String) row.get("UNIT_CODE"),
        apps.stream().map(this::payload).toList()));
    setStatus(submissionId, Status.SENT);
    jdbc.update("update submission set sent_at = ? where submission_id = ?", now(), submissionId);
  }

  /** Fetches the results that callbacks may have lost; true when every application has its result. */
  public boolean pollAndCheckComplete(String submissionId) {
    if (outstanding(submissionId) > 0) {
      poller.poll(submissionId);
    }
    return outstanding(submissionId) == 0;
  }

  /** Every result is in. */
  @Transactional
  public void complete(String submissionId) {
    setStatus(submissionId, Status.COMPLETED);
  }

  /** Postponed by a reviewer, or refused whole by the centre: the applications wait for the next submission. */
  @Transactional
  public void release(String submissionId, Status why) {
    applications.releaseSubmission(submissionId);
    setStatus(submissionId, why);
  }

  private int outstanding(String submissionId) {
    return jdbc.queryForObject("select count(*) from application where submission_id = ? and status = 'SUBMITTED'",
        Integer.class, submissionId);
  }

  private void setStatus(String submissionId, Status status) {
    jdbc.update("update submission set status = ? where submission_id = ?", status.name(), submissionId);
  }

  private ApplicationData payload(Application a) {
    byte[] photo = a.photoDocumentId() == null ? null
        : documents.find(a.photoDocumentId()).map(Documents.Document::content).orElse(null);
    return new ApplicationData(a.applicationNumber(), a.name(), a.gender(), a.idNumber(), a.phone(), a.bank(),
        a.residency(), a.workId(), a.photoSource() == null ? PhotoSource.POLICE : PhotoSource.valueOf(a.photoSource()),
        photo, a.studioReceipt());
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
