package cn.panyu.card.individual;

import cn.panyu.card.application.ApplicantCorrection;
import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Corrections;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.delivery.RecoveryBoxes;
import cn.panyu.card.org.OrgUnitType;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What happens to one individual application along its process, behind the thin delegates. */
@Service
public class IndividualApplications {

  private final ApplicationRepository applications;
  private final CustodyLedger ledger;
  private final RecoveryBoxes recoveryBoxes;
  private final Corrections corrections;

  public IndividualApplications(ApplicationRepository applications, CustodyLedger ledger, RecoveryBoxes recoveryBoxes,
      Corrections corrections) {
    this.applications = applications;
    this.ledger = ledger;
    this.recoveryBoxes = recoveryBoxes;
    this.corrections = corrections;
  }

  /** Why the follow-up form cannot be submitted as filled in (null: it can). */
  public String followUpProblem(String applicationNumber, String reason, String action, ApplicantCorrection c) {
    return IndividualIssuance.WITHDRAW.equals(action) ? null : corrections.problem(applicationNumber, reason, c);
  }

  @Transactional
  public void correct(String applicationNumber, String reason, ApplicantCorrection c, String actor) {
    corrections.apply(applicationNumber, reason, c, actor, "更正后待重新报送");
  }

  @Transactional
  public void withdraw(String applicationNumber, String actor) {
    applications.withdraw(applicationNumber, actor, "申请人撤回申请");
  }

  @Transactional
  public void issue(String applicationNumber, String actor) {
    Application app = applications.get(applicationNumber);
    ledger.recordIssued(app.cardNumber(), actor);
    applications.changeStatus(applicationNumber, ApplicationStatus.ISSUED, actor, "申请人已领卡");
  }

  @Transactional
  public void activate(String applicationNumber) {
    applications.changeStatus(applicationNumber, ApplicationStatus.ACTIVATED, "city-centre", "已在银行激活");
  }

  /** Why the corrected card data cannot be used for a new card (null: they can): something must change. */
  public String cardDataProblem(String applicationNumber, ApplicantCorrection c) {
    return corrections.problem(applicationNumber, null, c);
  }

  /**
   * The card shows wrong data (the centre has been told to stop it): it goes back up in the village's recovery box
   * of the day, and the application, with its corrected data, waits for the next submission.
   */
  /** @return the recovery box the wrong card went in */
  @Transactional
  public String remake(String applicationNumber, ApplicantCorrection c, String note, String actor) {
    Application app = applications.get(applicationNumber);
    String box = recoveryBoxes.put(villageOf(app), List.of(new CardRef(app.cardNumber(), applicationNumber)));
    corrections.apply(applicationNumber, null, c, actor,
        "卡面信息有误，卡片交回，按更正后的资料重新制卡" + (note == null || note.isBlank() ? "" : "：" + note));
    return box;
  }

  /** The applicant's name as registered, for the forms that show it (a task's input mapping). */
  public String applicantName(String applicationNumber) {
    return applications.get(applicationNumber).name();
  }

  /**
   * The card was not collected in time: it goes back up in the village's recovery box of the day.
   *
   * @return the recovery box
   */
  @Transactional
  public String recoverOverdue(String applicationNumber) {
    Application app = applications.get(applicationNumber);
    String box = recoveryBoxes.put(villageOf(app), List.of(new CardRef(app.cardNumber(), applicationNumber)));
    applications.changeStatus(applicationNumber, ApplicationStatus.RECOVERED, "system", "逾期未领，卡片装入村（居）委回收箱交回");
    return box;
  }

  private static String villageOf(Application app) {
    return Locations.of(OrgUnitType.VILLAGE, app.unitCode());
  }
}
