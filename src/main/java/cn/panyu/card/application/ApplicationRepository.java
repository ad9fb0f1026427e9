package cn.panyu.card.application;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The application table and its event history. Every status change writes an event in the same transaction. */
@Repository
public class ApplicationRepository {

  private static final RowMapper<Application> MAPPER = (rs, i) -> new Application(
      rs.getString("application_number"),
      ApplicationMode.valueOf(rs.getString("mode")),
      ApplicationStatus.valueOf(rs.getString("status")),
      rs.getString("unit_code"),
      rs.getString("batch_number"),
      rs.getString("name"),
      rs.getString("gender"),
      rs.getString("id_number"),
      rs.getString("phone"),
      rs.getString("bank"),
      rs.getString("residency"),
      rs.getString("work_id"),
      rs.getString("photo_source"),
      (Long) rs.getObject("photo_document_id", Long.class),
      rs.getString("studio_receipt"),
      rs.getString("process_instance_id"),
      rs.getString("submission_id"),
      rs.getString("card_number"),
      rs.getString("ineligible_reason"),
      rs.getTimestamp("created_at").toInstant(),
      rs.getTimestamp("updated_at").toInstant());

  private final JdbcTemplate jdbc;
  private final ApplicantClaims claims;
  private final Clock clock;

  public ApplicationRepository(JdbcTemplate jdbc, ApplicantClaims claims, Clock clock) {
    this.jdbc = jdbc;
    this.claims = claims;
    this.clock = clock;
  }

  public Optional<Application> find(String applicationNumber) {
    return jdbc.query("select * from application where application_number = ?", MAPPER, applicationNumber)
        .stream().findFirst();
  }

  /** Locks the row until the transaction ends: results that race the submission wait for it to commit. */
  public Optional<Application> findForUpdate(String applicationNumber) {
    return jdbc.query("select * from application where application_number = ? for update", MAPPER, applicationNumber)
        .stream().findFirst();
  }

  public Application get(String applicationNumber) {
    return find(applicationNumber)
        .orElseThrow(() -> new IllegalStateException("申请 " + applicationNumber + " 不存在"));
  }

  public List<Application> findBySubmission(String submissionId) {
    return jdbc.query("select * from application where submission_id = ? order by application_number",
        MAPPER, submissionId);
  }

  public List<Application> findByCardNumbers(List<String> cardNumbers) {
    if (cardNumbers.isEmpty()) {
      return List.of();
    }
    String marks = String.join(",", java.util.Collections.nCopies(cardNumbers.size(), "?"));
    return jdbc.query("select * from application where card_number in (" + marks + ")", MAPPER,
        cardNumbers.toArray());
  }

  public Optional<Application> findByCardNumber(String cardNumber) {
    return jdbc.query("select * from application where card_number = ?", MAPPER, cardNumber).stream().findFirst();
  }

  public String nextApplicationNumber(String prefix) {
    Long n = jdbc.queryForObject("select nextval('application_seq')", Long.class);
    return prefix + String.format("%07d", n);
  }

  public void insertIndividual(String applicationNumber, IndividualRegistration r, Long photoDocumentId,
      String actor) {
    Timestamp now = now();
    var d = r.applicant();
    jdbc.update("""
        insert into application (application_number, mode, status, unit_code, name, gender, id_number, phone, bank,
          residency, work_id, photo_source, photo_document_id, studio_receipt, remarks, created_by, created_at, updated_at)
        values (?, 'INDIVIDUAL', 'REGISTERED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        applicationNumber, r.villageCode(), d.name(), d.gender(), d.idNumber(), d.phone(), d.bank(),
        d.residency(), d.workId(), r.photoSource(), photoDocumentId, r.studioReceipt(), r.remarks(),
        actor, now, now);
    addEvent(applicationNumber, ApplicationStatus.REGISTERED, actor, "村居受理登记");
  }

  /** The applicant's card on record: the latest issued or activated one. */
  public Optional<Application> findHeldCard(String idNumber) {
    return jdbc.query("""
        select * from application
        where id_number = ? and card_number is not null and status in ('ISSUED', 'ACTIVATED')
        order by updated_at desc""", MAPPER, idNumber).stream().findFirst();
  }

  /** A replacement card's application at the town window, with the applicant's data of the card it replaces. */
  public void insertReplacement(String applicationNumber, String replacedApplicationNumber, String townCode,
      String remarks, String processInstanceId, String actor, String note) {
    Timestamp now = now();
    jdbc.update("""
        insert into application (application_number, mode, status, unit_code, name, gender, id_number, phone, bank,
          residency, work_id, photo_source, photo_document_id, studio_receipt, remarks, process_instance_id,
          created_by, created_at, updated_at)
        select ?, 'REPLACEMENT', 'REGISTERED', ?, name, gender, id_number, phone, bank, residency, work_id,
          photo_source, photo_document_id, studio_receipt, ?, ?, ?, ?, ?
        from application where application_number = ?""",
        applicationNumber, townCode, remarks, processInstanceId, actor, now, now, replacedApplicationNumber);
    addEvent(applicationNumber, ApplicationStatus.REGISTERED, actor, note);
  }

  public void attachDocuments(String applicationNumber, Long formDocumentId, Long photoDocumentId) {
    jdbc.update("update application set form_document_id = coalesce(?, form_document_id),"
        + " photo_document_id = coalesce(?, photo_document_id) where application_number = ?",
        formDocumentId, photoDocumentId, applicationNumber);
  }

  /** A withdrawn application gives its ID number free: the person may apply again. */
  public void withdraw(String applicationNumber, String actor, String note) {
    changeStatus(applicationNumber, ApplicationStatus.WITHDRAWN, actor, note);
    claims.release(applicationNumber);
  }

  public void setProcessInstance(String applicationNumber, String processInstanceId) {
    jdbc.update("update application set process_instance_id = ? where application_number = ?", processInstanceId,
        applicationNumber);
  }

  public void changeStatus(String applicationNumber, ApplicationStatus status, String actor, String note) {
    jdbc.update("update application set status = ?, updated_at = ? where application_number = ?", status.name(),
        now(), applicationNumber);
    addEvent(applicationNumber, status, actor, note);
  }

  public void markSubmitted(String submissionId, List<String> applicationNumbers) {
    Timestamp now = now();
    jdbc.batchUpdate("update application set status = 'SUBMITTED', submission_id = ?, ineligible_reason = null,"
        + " updated_at = ? where application_number = ?",
        applicationNumbers.stream().map(n -> new Object[] {submissionId, now, n}).toList());
    jdbc.batchUpdate("insert into application_event (application_number, at, status, actor, note) values (?, ?, ?, ?, ?)",
        applicationNumbers.stream().map(n -> new Object[] {n, now, "SUBMITTED", "system",
            "报送市社保卡管理中心（" + submissionId + "）"}).toList());
  }

  public void recordCardMade(String applicationNumber, String cardNumber) {
    jdbc.update("update application set status = 'CARD_MADE', card_number = ?, ineligible_reason = null, updated_at = ?"
        + " where application_number = ?", cardNumber, now(), applicationNumber);
    addEvent(applicationNumber, ApplicationStatus.CARD_MADE, "city-centre", "已制卡 " + cardNumber);
  }

  public void recordIneligible(String applicationNumber, String reason) {
    jdbc.update("update application set status = 'INELIGIBLE', ineligible_reason = ?, updated_at = ?"
        + " where application_number = ?", reason, now(), applicationNumber);
    addEvent(applicationNumber, ApplicationStatus.INELIGIBLE, "city-centre", reason);
  }

  /**
   * A correction: the data given replace the registered ones (null keeps them) and the application waits for its
   * next submission, without the card that was made or refused.
   */
  public void correct(String applicationNumber, String name, String gender, String phone, String bank,
      String photoSource, String studioReceipt, Long photoDocumentId, String actor, String note) {
    jdbc.update("""
        update application set status = 'REGISTERED', submission_id = null, card_number = null,
          ineligible_reason = null, name = coalesce(?, name), gender = coalesce(?, gender), phone = coalesce(?, phone),
          bank = coalesce(?, bank), photo_source = coalesce(?, photo_source),
          studio_receipt = coalesce(?, studio_receipt), photo_document_id = coalesce(?, photo_document_id),
          updated_at = ?
        where application_number = ?""",
        name, gender, phone, bank, photoSource, studioReceipt, photoDocumentId, now(),
        applicationNumber);
    addEvent(applicationNumber, ApplicationStatus.REGISTERED, actor, note);
  }

  /** Registered applications of the villages of one town that no submission holds yet. */
  public List<String> findPendingForTown(String townCode) {
    return jdbc.queryForList("""
        select a.application_number from application a join org_unit v on v.code = a.unit_code
        where a.mode = 'INDIVIDUAL' and a.status = 'REGISTERED' and a.submission_id is null and v.parent_code = ?
        order by a.application_number""", String.class, townCode);
  }

  public void assignSubmission(String submissionId, List<String> applicationNumbers) {
    jdbc.batchUpdate("update application set submission_id = ? where application_number = ? and submission_id is null",
        applicationNumbers.stream().map(n -> new Object[] {submissionId, n}).toList());
  }

  /** Postponed or refused as a whole: the applications wait for the next submission. */
  public void releaseSubmission(String submissionId) {
    List<String> numbers = jdbc.queryForList("select application_number from application where submission_id = ?"
        + " and status in ('REGISTERED', 'SUBMITTED')", String.class, submissionId);
    jdbc.update("update application set submission_id = null, status = 'REGISTERED', updated_at = ?"
        + " where submission_id = ? and status in ('REGISTERED', 'SUBMITTED')", now(),
        submissionId);
    Timestamp now = now();
    jdbc.batchUpdate("insert into application_event (application_number, at, status, actor, note) values (?, ?, ?, ?, ?)",
        numbers.stream().map(n -> new Object[] {n, now, "REGISTERED", "system", "退回待报送（" + submissionId + "）"})
            .toList());
  }

  public List<ApplicationEvent> history(String applicationNumber) {
    return jdbc.query("select at, status, actor, note from application_event where application_number = ? order by id",
        (rs, i) -> new ApplicationEvent(rs.getTimestamp("at").toInstant(), rs.getString("status"),
            rs.getString("actor"), rs.getString("note")), applicationNumber);
  }

  public void addEvent(String applicationNumber, ApplicationStatus status, String actor, String note) {
    jdbc.update("insert into application_event (application_number, at, status, actor, note) values (?, ?, ?, ?, ?)",
        applicationNumber, now(), status.name(), actor, note);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  public record ApplicationEvent(Instant at, String status, String actor, String note) {}
}
