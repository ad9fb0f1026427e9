package cn.panyu.card.delivery;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.collective.CollectiveBatches;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.Handover;
import cn.panyu.card.custody.HandoverCompletedListener;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Where a box goes after each receipt. Delivery runs down the chain of the application's unit
 * (City Centre → card office → town → village, or → department → institution), one box per next unit;
 * at the issuing unit (the application's unit_code: for a replacement card the town of its service window)
 * each application learns that its card arrived (a collective batch once all its cards are there). Recovered cards and collective sign-off sheets run up the chain (village → town, or
 * institution → department, → card office → City Centre); when they reach the City Centre the batches they
 * belong to are told.
 */
@Component
public class CardRouting implements HandoverCompletedListener {

  private final HandoverService handovers;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final RuntimeService runtime;
  private final Notifications notifications;
  private final CollectiveBatches batches;

  public CardRouting(HandoverService handovers, ApplicationRepository applications, OrgUnitRepository units,
      RuntimeService runtime, Notifications notifications, CollectiveBatches batches) {
    this.handovers = handovers;
    this.applications = applications;
    this.units = units;
    this.runtime = runtime;
    this.notifications = notifications;
    this.batches = batches;
  }

  @Override
  public void onReceived(Handover h, List<CardRef> receivedCards) {
    if (receivedCards.isEmpty()) {
      return;
    }
    if (Locations.RETURNED.equals(h.toLocation()) || Locations.CITY_CENTRE.equals(h.toLocation())) {
      if (h.purpose() != HandoverPurpose.DELIVERY) {
        batches.returnedToCityCentre(receivedCards);
      }
      return;
    }
    String actor = h.confirmedBy() == null ? "system" : h.confirmedBy();
    if (h.purpose() == HandoverPurpose.RECOVERY || h.purpose() == HandoverPurpose.SIGN_OFF_SHEETS) {
      // by the application a card was made for: a card with wrong data is no longer the application's card
      List<CardRef> onward = receivedCards.stream()
          .filter(c -> c.applicationNumber() != null && applications.find(c.applicationNumber()).isPresent())
          .toList();
      if (!onward.isEmpty()) {
        handovers.dispatch(h.purpose(), h.toLocation(), parentLocation(h.toLocation()), onward, actor);
      }
      return;
    }
    Map<String, List<CardRef>> byNext = new LinkedHashMap<>();
    Set<String> batchesWithArrivals = new LinkedHashSet<>();
    for (CardRef card : receivedCards) {
      Application app = card.applicationNumber() == null ? null
          : applications.find(card.applicationNumber()).orElse(null);
      if (app == null) {
        continue; // a box recorded without applications (custody alone): nothing to route
      }
      List<String> chain = chainOf(app.unitCode());
      int here = chain.indexOf(h.toLocation());
      if (here == 0) {
        arrived(app);
        if (app.mode() == ApplicationMode.COLLECTIVE) {
          batchesWithArrivals.add(app.batchNumber());
        }
      } else {
        String next = here < 0 ? chain.get(chain.size() - 1) : chain.get(here - 1);
        byNext.computeIfAbsent(next, k -> new ArrayList<>()).add(card);
      }
    }
    byNext.forEach((next, cards) -> handovers.dispatch(HandoverPurpose.DELIVERY, h.toLocation(), next, cards, actor));
    // a batch's instance waits for all of its cards, not for each one
    batches.cardsArrived(batchesWithArrivals);
  }

  private void arrived(Application app) {
    applications.changeStatus(app.applicationNumber(), ApplicationStatus.AT_ISSUING_UNIT, "system",
        "卡片已送达发卡单位");
    if (app.mode() != ApplicationMode.COLLECTIVE) { // individual and replacement instances wait for the card
      notifications.notifyApplicant(app.applicationNumber(),
          app.mode() == ApplicationMode.REPLACEMENT ? Notifications.WINDOW_CARD_READY : Notifications.CARD_READY);
      runtime.createMessageCorrelation("CardArrived").processInstanceBusinessKey(app.applicationNumber())
          .setVariable("collectionOutcome", "ISSUED")
          .correlateWithResult();
    }
  }

  /** The locations from the issuing unit up to (not including) the card office: [village, town]. */
  private List<String> chainOf(String unitCode) {
    List<String> chain = new ArrayList<>();
    String code = unitCode;
    while (code != null) {
      OrgUnit unit = units.findByCode(code).orElseThrow();
      if (!Locations.isHandoverPoint(Locations.of(unit)) || unit.code().equals(OrgUnit.CARD_OFFICE_CODE)) {
        break;
      }
      chain.add(Locations.of(unit));
      code = unit.parentCode();
    }
    return chain;
  }

  private String parentLocation(String location) {
    if (Locations.DISTRICT_CARD_OFFICE.equals(location)) {
      return Locations.CITY_CENTRE;
    }
    String parent = units.findByCode(Locations.unitCode(location)).map(OrgUnit::parentCode).orElse(null);
    if (parent == null || parent.equals(OrgUnit.CARD_OFFICE_CODE)) {
      return Locations.DISTRICT_CARD_OFFICE;
    }
    return Locations.of(units.findByCode(parent).orElseThrow());
  }
}
