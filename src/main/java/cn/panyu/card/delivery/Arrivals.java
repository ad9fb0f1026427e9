package cn.panyu.card.delivery;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.delivery.process.DeliveryMessages;
import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import org.springframework.stereotype.Component;

/**
 * A card reached the unit that issues it: the application says so, the applicant is told, and an individual
 * application's instance, which waits for its own card only, goes on to the collection. A batch's and a
 * replacement's instance called the shipment and goes on when it ends.
 */
@Component
public class Arrivals {

  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final Notifications notifications;
  private final DeliveryMessages messages;

  public Arrivals(ApplicationRepository applications, OrgUnitRepository units, Notifications notifications,
      DeliveryMessages messages) {
    this.applications = applications;
    this.units = units;
    this.notifications = notifications;
    this.messages = messages;
  }

  /** The village, institution or (a replacement) town service window that hands the card to its holder. */
  public OrgUnit issuingUnit(Application app) {
    return units.findByCode(app.unitCode())
        .orElseThrow(() -> new IllegalStateException("发卡单位 " + app.unitCode() + " 不存在"));
  }

  void arrived(Application app) {
    applications.changeStatus(app.applicationNumber(), ApplicationStatus.AT_ISSUING_UNIT, "system", "卡片已送达发卡单位");
    if (app.mode() == ApplicationMode.INDIVIDUAL) {
      notifications.notifyApplicant(app.applicationNumber(), Notifications.CARD_READY);
      messages.cardArrived(app.applicationNumber());
    } else if (app.mode() == ApplicationMode.REPLACEMENT) {
      notifications.notifyApplicant(app.applicationNumber(), Notifications.WINDOW_CARD_READY);
    }
  }
}
