package cn.panyu.card.replacement;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Submissions;
import cn.panyu.card.citycentre.CityCentreRefusal;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.delivery.Shipments;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.rules.Rules;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A replacement at a town service window, behind the thin delegates of {@code card-replacement}: the holder's
 * card on record, the new card's application (mode REPLACEMENT, issued at the town), the fee and payment, the
 * old card stopped, the new card made, delivered to the window and collected.
 */
@Service
public class ReplacementService {

  /** What the window accepted: the numbers the process carries. */
  public record Opened(String replacementNumber, String applicationNumber, String oldCardNumber, String holderName,
      OrgUnit town) {}

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final Submissions submissions;
  private final Shipments shipments;
  private final CustodyLedger ledger;
  private final Rules rules;
  private final Clock clock;

  public ReplacementService(JdbcTemplate jdbc, ApplicationRepository applications, OrgUnitRepository units,
      Submissions submissions, Shipments shipments, CustodyLedger ledger, Rules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
    this.jdbc = jdbc;
    this.applications = applications;
    this.units = units;
    this.submissions = submissions;
    this.shipments = shipments;
    this.ledger = ledger;
  }

  /** The town of the window clerk who starts a replacement; exactly one is expected. */
  public OrgUnit townOfUser(String userId) {
    return units.findOnlyUnitOfMember(userId, OrgUnitType.TOWN).orElseThrow(() ->
        new ReplacementRefused("经办人 " + userId + " 不属于唯一的镇（街）服务窗口，无法受理补换卡"));
  }

  /**
   * Accepts a request at the window: finds the holder's card on record (issued or activated, the latest one),
   * refuses a second open replacement of the same card, and creates the new card's application at the town.
   */
  @Transactional
  public Opened open(String idNumber, String reason, boolean firstCard, String townCode, String actor,
      String processInstanceId) {
    // the reasons a window accepts are the ones the analysts' fee table charges for
    if (reason == null || rules.evaluate(CardReplacement.FEE_DECISION, Map.of("firstCard", false, "reason", reason))
        .isEmpty()) {
      throw new ReplacementRefused("补换卡原因无效：" + reason);
    }
    OrgUnit town = units.findByCode(townCode).filter(u -> u.type() == OrgUnitType.TOWN)
        .orElseThrow(() -> new ReplacementRefused("镇（街） " + townCode + " 不存在"));
    String id = idNumber == null ? "" : idNumber.trim().toUpperCase(java.util.Locale.ROOT);
    Application old = applications.findHeldCard(id)
        .orElseThrow(() -> new ReplacementRefused("没有找到该身份证号已领取的社保卡，无法补换"));
    Integer open = jdbc.queryForObject("select count(*) from replacement where old_card_number = ? and status = 'OPEN'",
        Integer.class, old.cardNumber());
    if (open > 0) {
      throw new ReplacementRefused("卡号 " + old.cardNumber() + " 已有办理中的补换卡申请");
    }
    String number = applications.nextApplicationNumber("RA" + town.code() + "-");
    String replacementNumber = "BH" + town.code() + "-"
        + String.format("%06d", jdbc.queryForObject("select nextval('replacement_seq')", Long.class));
    Timestamp now = now();
    applications.insertReplacement(number, old.applicationNumber(), town.code(),
        "补换卡 " + replacementNumber + "，原卡 " + old.cardNumber(), processInstanceId, actor,
        town.name() + "服务窗口受理" + reasonText(reason) + "，原卡 " + old.cardNumber());
    jdbc.update("""
        insert into replacement (replacement_number, application_number, old_application_number, old_card_number,
          reason, first_card, town_code, payment, status, process_instance_id, created_by, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 'OPEN', ?, ?, ?, ?)""",
        replacementNumber, number, old.applicationNumber(), old.cardNumber(), reason, firstCard, town.code(),
        processInstanceId, actor, now, now);
    return new Opened(replacementNumber, number, old.cardNumber(), old.name(), town);
  }

  /** The fee the DMN table gave and what the holder paid (FREE when the fee is 0). */
  @Transactional
  public void recordPayment(String replacementNumber, Number fee, String payment, String receiptNumber) {
    BigDecimal amount = fee == null ? BigDecimal.ZERO : new BigDecimal(fee.toString());
    String recorded = amount.signum() == 0 ? CardReplacement.FREE : payment;
    jdbc.update("update replacement set fee = ?, payment = ?, receipt_number = ?, updated_at = ?"
        + " where replacement_number = ?", amount, recorded, blank(receiptNumber), now(),
        replacementNumber);
  }

  /** The City Card Centre stopped the old card: noted on the replacement and on the old card's application. */
  @Transactional
  public void recordOldCardStopped(String replacementNumber, String actor) {
    Map<String, Object> r = row(replacementNumber);
    jdbc.update("update replacement set old_card_stopped_at = ?, updated_at = ? where replacement_number = ?",
        now(), now(), replacementNumber);
    String oldApplication = (String) r.get("old_application_number");
    applications.addEvent(oldApplication, applications.get(oldApplication).status(), actor,
        "原卡 " + r.get("old_card_number") + " 已向市社保卡管理中心" + reasonText((String) r.get("reason"))
            + "挂失停用（" + replacementNumber + "）");
  }

  /**
   * The new card's application goes to the centre as a submission of its own (its id is the idempotency key, so a
   * retried job makes no second card).
   */
  @Transactional(noRollbackFor = CityCentreRefusal.class)
  public String submit(String replacementNumber) {
    Map<String, Object> r = row(replacementNumber);
    String submissionId = "SUB-" + replacementNumber;
    submissions.create(submissionId, ApplicationMode.REPLACEMENT, (String) r.get("town_code"), null,
        (String) r.get("process_instance_id"), List.of((String) r.get("application_number")));
    submissions.send(submissionId);
    return submissionId;
  }

  /** Fetches a result that a callback may have lost (the callback and the poll are both idempotent). */
  public void poll(String submissionId) {
    submissions.pollAndCheckComplete(submissionId);
  }

  /** The new card leaves the City Centre for the town's window (the shipment ends at the application's unit). */
  @Transactional
  public String prepareDelivery(String replacementNumber) {
    Application app = applications.get((String) row(replacementNumber).get("application_number"));
    String shipment = shipments.deliver(app.applicationNumber(),
        List.of(new CardRef(app.cardNumber(), app.applicationNumber())));
    applications.changeStatus(app.applicationNumber(), ApplicationStatus.IN_TRANSIT, "city-centre",
        "新卡由市社保卡管理中心逐级送往" + units.findByCode(app.unitCode()).map(OrgUnit::name).orElse("") + "服务窗口");
    submissions.complete(app.submissionId());
    return shipment;
  }

  /** The holder collected the new card at the window. */
  @Transactional
  public void issue(String replacementNumber, String actor) {
    Application app = applications.get((String) row(replacementNumber).get("application_number"));
    ledger.recordIssued(app.cardNumber(), actor);
    applications.changeStatus(app.applicationNumber(), ApplicationStatus.ISSUED, actor, "持卡人已在服务窗口领取新卡");
    setStatus(replacementNumber, "COMPLETED");
  }

  /** Not paid, or the centre refused: the replacement is closed and its application withdrawn. */
  @Transactional
  public void cancel(String replacementNumber, String note, String actor) {
    Map<String, Object> r = row(replacementNumber);
    applications.changeStatus((String) r.get("application_number"), ApplicationStatus.WITHDRAWN, actor,
        "补换卡未办理" + (note == null || note.isBlank() ? "" : "：" + note));
    setStatus(replacementNumber, "CANCELLED");
  }

  public Map<String, Object> row(String replacementNumber) {
    return jdbc.queryForMap("select * from replacement where replacement_number = ?", replacementNumber);
  }

  private void setStatus(String replacementNumber, String status) {
    jdbc.update("update replacement set status = ?, updated_at = ? where replacement_number = ?", status,
        now(), replacementNumber);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  static String reasonText(String reason) {
    return switch (reason == null ? "" : reason) {
      case "LOST" -> "挂失补领";
      case "DAMAGED" -> "损坏换领";
      case "EXPIRED" -> "到期换领";
      case "DATA_CHANGE" -> "信息变更换领";
      default -> "补换卡";
    };
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
