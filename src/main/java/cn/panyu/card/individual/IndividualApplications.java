package cn.panyu.card.individual;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.citycentre.CardCentreModel;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What happens to one individual application along its process, behind the thin delegates. */
@Service
public class IndividualApplications {

  private final ApplicationRepository applications;
  private final CustodyLedger ledger;
  private final HandoverService handovers;
  private final cn.panyu.card.org.OrgUnitRepository units;
  private final CityCentreClient cityCentre;

  public IndividualApplications(ApplicationRepository applications, CustodyLedger ledger, HandoverService handovers,
      cn.panyu.card.org.OrgUnitRepository units, CityCentreClient cityCentre) {
    this.cityCentre = cityCentre;
    this.applications = applications;
    this.ledger = ledger;
    this.handovers = handovers;
    this.units = units;
  }

  @Transactional
  public void correct(String applicationNumber, String photoSource, String studioReceipt, String bank, String phone,
      String actor) {
    applications.updateCorrection(applicationNumber, blank(photoSource), blank(studioReceipt), blank(bank),
        blank(phone), actor);
  }

  @Transactional
  public void withdraw(String applicationNumber, String actor) {
    applications.changeStatus(applicationNumber, ApplicationStatus.WITHDRAWN, actor, "申请人撤回申请");
    applications.releaseClaim(applicationNumber);
  }

  @Transactional
  public void issue(String applicationNumber, String actor) {
    var app = applications.get(applicationNumber);
    ledger.recordIssued(app.cardNumber(), actor);
    applications.changeStatus(applicationNumber, ApplicationStatus.ISSUED, actor, "申请人已领卡");
  }

  @Transactional
  public void activate(String applicationNumber) {
    applications.changeStatus(applicationNumber, ApplicationStatus.ACTIVATED, "city-centre", "已在银行激活");
  }

  /**
   * The card shows wrong data: the centre is told to stop it (so that the next submission makes a new card),
   * the card goes back up the chain, and the application waits for the next submission.
   */
  @Transactional
  public void remake(String applicationNumber, String note, String actor) {
    var app = applications.get(applicationNumber);
    cityCentre.reportCard(app.cardNumber(), CardCentreModel.CardReportReason.DATA_CHANGE);
    handovers.dispatch(HandoverPurpose.RECOVERY, Locations.of(cn.panyu.card.org.OrgUnitType.VILLAGE, app.unitCode()),
        townLocation(app.unitCode()), java.util.List.of(new CardRef(app.cardNumber(), applicationNumber)), actor);
    applications.clearCardForRemake(applicationNumber, actor, "卡面信息有误，退回重新制卡" + (note == null ? "" : "：" + note));
  }

  /** The card was not collected in time: it is recovered village → town → card office → City Centre. */
  @Transactional
  public void recoverOverdue(String applicationNumber) {
    var app = applications.get(applicationNumber);
    handovers.dispatch(HandoverPurpose.RECOVERY, Locations.of(cn.panyu.card.org.OrgUnitType.VILLAGE, app.unitCode()),
        townLocation(app.unitCode()), java.util.List.of(new CardRef(app.cardNumber(), applicationNumber)), "system");
    applications.changeStatus(applicationNumber, ApplicationStatus.RECOVERED, "system", "逾期未领，卡片交回镇街");
  }

  private String townLocation(String villageCode) {
    String town = units.findByCode(villageCode).orElseThrow().parentCode();
    return Locations.of(cn.panyu.card.org.OrgUnitType.TOWN, town);
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
