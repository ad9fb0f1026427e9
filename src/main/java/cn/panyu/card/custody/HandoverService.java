package cn.panyu.card.custody;

import static cn.panyu.card.custody.process.CardHandoverProcess.*;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Boxes of cards (or sign-off sheets) handed from one unit to the next. {@link #createBox} writes the handover,
 * its items and the HANDED_OVER ledger rows; the model that moves the box (a {@code card-shipment} leg) then calls
 * {@code card-handover} with its id, whose delegates call the other public methods to record the outcome.
 */
@Service
public class HandoverService {

  private final HandoverRepository handovers;
  private final CustodyLedger ledger;
  private final Locations locations;
  private final ObjectProvider<CityCentreReturns> cityCentre;
  private final Clock clock;

  public HandoverService(HandoverRepository handovers, CustodyLedger ledger, Locations locations,
      ObjectProvider<CityCentreReturns> cityCentre, Clock clock) {
    this.clock = clock;
    this.handovers = handovers;
    this.ledger = ledger;
    this.locations = locations;
    this.cityCentre = cityCentre;
  }

  /**
   * Packs a box: the cards go from one location to another, in transit until the receiver confirms them. Every
   * card must be at rest at {@code fromLocation} in the ledger (sign-off sheets: every card issued).
   *
   * @param shipmentId the shipment whose leg this box is, or null
   * @return the handover id, e.g. HO-000123
   */
  @Transactional
  public String createBox(HandoverPurpose purpose, String fromLocation, String toLocation, List<CardRef> cards,
      String actor, String shipmentId) {
    if (purpose == null) {
      throw new IllegalArgumentException("交接缺少用途（DELIVERY、RECOVERY 或 SIGN_OFF_SHEETS）");
    }
    requirePoint(fromLocation, "发出方");
    requirePoint(toLocation, "接收方");
    if (fromLocation.equals(toLocation)) {
      throw new IllegalArgumentException("发出方与接收方相同：" + fromLocation);
    }
    if (cards == null || cards.isEmpty()) {
      throw new IllegalArgumentException("交接的卡片清单为空");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (CardRef card : cards) {
      if (card.cardNumber() == null || card.cardNumber().isBlank() || !distinct.add(card.cardNumber())) {
        throw new IllegalArgumentException("卡片清单中有空卡号或重复卡号：" + card.cardNumber());
      }
    }
    Map<String, CardMovement> latest = ledger.latest(distinct);
    for (CardRef card : cards) {
      CardMovement last = latest.get(card.cardNumber());
      if (last == null) {
        throw new IllegalStateException("台账中没有卡片 " + card.cardNumber() + "，不能交接");
      }
      if (purpose.movesCards() && (last.inTransit() || !fromLocation.equals(last.location()))) {
        throw new IllegalStateException("卡片 " + card.cardNumber() + " 不在 " + locations.nameOf(fromLocation)
            + "（当前：" + CustodyLedger.describe(last) + "），不能交接");
      }
      if (!purpose.movesCards() && last.kind() != MovementKind.ISSUED) {
        throw new IllegalStateException("卡片 " + card.cardNumber() + " 尚未发放给持卡人，签收表中不能列入");
      }
    }
    if (!purpose.movesCards()) {
      List<String> open = handovers.cardsInOpenHandovers(purpose, distinct);
      if (!open.isEmpty()) {
        throw new IllegalStateException("以下卡片的签收表正在交接中：" + String.join("、", open));
      }
    }
    String handoverId = handovers.nextId();
    handovers.insert(new Handover(handoverId, purpose, fromLocation, toLocation, cards.size(), null, null,
        HandoverStatus.SENT, null, null, now(), actor, null, null, null), cards, shipmentId);
    if (purpose.movesCards()) {
      ledger.append(cards, latest, CardMovement::location, toLocation, MovementKind.HANDED_OVER, handoverId, actor);
    }
    return handoverId;
  }

  /**
   * What the box's forms show and who works its tasks, as the {@code card-handover} instance's variables:
   * the receiver confirms; the sender checks a count that differs (the card office for the City Centre,
   * which answers no tasks).
   */
  public Map<String, Object> processVariables(String handoverId, String processInstanceId) {
    Handover h = handovers.find(handoverId)
        .orElseThrow(() -> new IllegalArgumentException("没有交接单 " + handoverId));
    handovers.setProcessInstance(handoverId, processInstanceId);
    Map<String, Object> variables = new HashMap<>();
    variables.put(PURPOSE.name(), h.purpose().name());
    variables.put(CONTENT_NAME.name(), h.purpose().contentName());
    variables.put(FROM_LOCATION.name(), h.fromLocation());
    variables.put(TO_LOCATION.name(), h.toLocation());
    variables.put(FROM_NAME.name(), locations.nameOf(h.fromLocation()));
    variables.put(TO_NAME.name(), locations.nameOf(h.toLocation()));
    variables.put(SENT_COUNT.name(), h.sentCount());
    variables.put(RECEIVED_COUNT.name(), h.sentCount());
    variables.put(RECEIVER_GROUP.name(), Locations.groupOf(h.toLocation()));
    variables.put(DISCREPANCY_GROUP.name(), Locations.groupOf(Locations.CITY_CENTRE.equals(h.fromLocation())
        ? Locations.DISTRICT_CARD_OFFICE : h.fromLocation()));
    return variables;
  }

  public Optional<Handover> find(String handoverId) {
    return handovers.find(handoverId);
  }

  public List<CardRef> items(String handoverId) {
    return handovers.items(handoverId);
  }

  /** The receiver submitted the receipt form with its count (receipt task listener). */
  @Transactional
  public void recordReportedCount(String handoverId, Number reportedCount, String remarks) {
    Handover h = require(handoverId, HandoverStatus.SENT, HandoverStatus.DISCREPANCY);
    if (reportedCount == null || reportedCount.doubleValue() < 0
        || reportedCount.doubleValue() != Math.rint(reportedCount.doubleValue())) {
      throw new IllegalArgumentException("实收数量必须是不小于 0 的整数");
    }
    int reported = reportedCount.intValue();
    HandoverStatus status = reported == h.sentCount() ? HandoverStatus.SENT : HandoverStatus.DISCREPANCY;
    handovers.setReported(handoverId, reported, status, join(h.remarks(), remarks == null || remarks.isBlank()
        ? null : "接收方：" + remarks.trim()));
  }

  /** The receiver confirmed the whole box: every card RECEIVED (RECOVERED for a recovery) at the receiver. */
  @Transactional
  public Handover recordReceipt(String handoverId, String actor) {
    Handover h = require(handoverId, HandoverStatus.SENT);
    List<CardRef> items = handovers.items(handoverId);
    receive(h, items, actor);
    return complete(h, HandoverStatus.RECEIVED, items, actor, null);
  }

  /**
   * The sender (or supervisor) checked a count that differed. {@code RECOUNT_MATCHES}: the recount found
   * every card, all are received. {@code CARDS_MISSING}: the listed cards did not arrive; the others are
   * received, the missing ones are recorded NOT_RECEIVED, back in the sender's custody, where the shipment's
   * next leg finds them and sends them again.
   */
  @Transactional
  public void resolveDiscrepancy(String handoverId, String outcome, String missingCardNumbers, String actor,
      String remarks) {
    Handover h = require(handoverId, HandoverStatus.DISCREPANCY);
    List<CardRef> items = handovers.items(handoverId);
    String note = remarks == null || remarks.isBlank() ? null : "核查：" + remarks.trim();
    if (OUTCOME_RECOUNT_MATCHES.equals(outcome)) {
      receive(h, items, actor);
      complete(h, HandoverStatus.RECEIVED, items, actor,
          join("接收方清点 " + h.reportedCount() + " 张，复核确认 " + h.sentCount() + " 张全部收到", note));
      return;
    }
    if (!OUTCOME_CARDS_MISSING.equals(outcome)) {
      throw new IllegalArgumentException("请选择核查结果：复核数量一致，或登记缺少的卡号");
    }
    Set<String> missing = parseCardNumbers(missingCardNumbers);
    if (missing.isEmpty()) {
      throw new IllegalArgumentException("请填写缺少的卡号");
    }
    Map<String, CardRef> byNumber = items.stream().collect(Collectors.toMap(CardRef::cardNumber, Function.identity()));
    List<String> unknown = missing.stream().filter(n -> !byNumber.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("以下卡号不在交接单 " + handoverId + " 中：" + String.join("、", unknown));
    }
    List<CardRef> received = items.stream().filter(c -> !missing.contains(c.cardNumber())).toList();
    List<CardRef> notReceived = items.stream().filter(c -> missing.contains(c.cardNumber())).toList();
    if (h.purpose().movesCards()) {
      Map<String, CardMovement> latest = requireInTransit(h, items);
      ledger.append(received, latest, CardMovement::location, h.toLocation(), receiptKind(h), handoverId, actor);
      // not arrived: back in the sender's custody, from the place it never reached
      ledger.append(notReceived, latest, CardMovement::toLocation, h.fromLocation(), MovementKind.NOT_RECEIVED,
          handoverId, actor);
    }
    complete(h, HandoverStatus.PARTIALLY_RECEIVED, received, actor, join("接收方清点 " + h.reportedCount()
        + " 张，核实缺少 " + notReceived.size() + " 张：" + String.join("、", missing) + "，留在发出方，随下一箱补发",
        note));
  }

  /**
   * The box went back to the City Card Centre: tells it through {@link CityCentreReturns} (idempotent on the
   * handover id, so the engine may retry), then records RETURNED. Repeating it after success changes nothing.
   */
  @Transactional
  public Handover returnToCityCentre(String handoverId) {
    Handover h = handovers.find(handoverId)
        .orElseThrow(() -> new IllegalArgumentException("没有交接单 " + handoverId));
    if (h.status() == HandoverStatus.RETURNED) {
      return h;
    }
    if (!Locations.CITY_CENTRE.equals(h.toLocation())) {
      throw new IllegalStateException("交接单 " + handoverId + " 不是交回市社保卡管理中心的");
    }
    h = require(handoverId, HandoverStatus.SENT);
    List<CardRef> items = handovers.items(handoverId);
    CityCentreReturns returns = cityCentre.getIfAvailable();
    if (returns == null) {
      throw new IllegalStateException("未配置向市社保卡管理中心交回卡片的接口（CityCentreReturns）");
    }
    List<String> numbers = items.stream().map(CardRef::cardNumber).toList();
    if (h.purpose().movesCards()) {
      returns.returnCards(handoverId, numbers);
      ledger.recordReturnedToCityCentre(numbers, handoverId, Locations.CITY_CENTRE);
    } else {
      returns.returnSignOffSheets(handoverId, numbers);
    }
    return complete(h, HandoverStatus.RETURNED, items, Locations.CITY_CENTRE, null);
  }

  /** Card numbers as a person types them: separated by line breaks, spaces, commas or 、；. */
  static Set<String> parseCardNumbers(String text) {
    if (text == null) {
      return Set.of();
    }
    return Arrays.stream(text.split("[\\s,，、;；]+")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private void receive(Handover h, List<CardRef> cards, String actor) {
    if (!h.purpose().movesCards()) {
      return;
    }
    Map<String, CardMovement> latest = requireInTransit(h, cards);
    ledger.append(cards, latest, CardMovement::location, h.toLocation(), receiptKind(h), h.handoverId(), actor);
  }

  private Map<String, CardMovement> requireInTransit(Handover h, List<CardRef> cards) {
    Map<String, CardMovement> latest = ledger.latest(cards.stream().map(CardRef::cardNumber).toList());
    for (CardRef card : cards) {
      CardMovement last = latest.get(card.cardNumber());
      if (last == null || !last.inTransit() || !h.handoverId().equals(last.handoverId())) {
        throw new IllegalStateException("卡片 " + card.cardNumber() + " 不在交接单 " + h.handoverId() + " 的运送中");
      }
    }
    return latest;
  }

  private Handover complete(Handover h, HandoverStatus status, List<CardRef> received, String actor,
      String note) {
    handovers.complete(h.handoverId(), status, received, actor, now(), join(h.remarks(), note));
    return handovers.find(h.handoverId()).orElseThrow();
  }

  private static MovementKind receiptKind(Handover h) {
    return h.purpose() == HandoverPurpose.RECOVERY ? MovementKind.RECOVERED : MovementKind.RECEIVED;
  }

  private Handover require(String handoverId, HandoverStatus... allowed) {
    Handover h = handovers.find(handoverId)
        .orElseThrow(() -> new IllegalArgumentException("没有交接单 " + handoverId));
    if (!Arrays.asList(allowed).contains(h.status())) {
      throw new IllegalStateException("交接单 " + handoverId + " 的状态为 " + h.status() + "，不能办理此步骤");
    }
    return h;
  }

  private void requirePoint(String location, String role) {
    if (!Locations.isHandoverPoint(location)) {
      throw new IllegalArgumentException(role + "不是有效的交接地点：" + location);
    }
    if (!Locations.CITY_CENTRE.equals(location) && locations.unit(location).isEmpty()) {
      throw new IllegalArgumentException(role + "单位不存在：" + location);
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private static String join(String a, String b) {
    List<String> parts = new ArrayList<>();
    if (a != null && !a.isBlank()) {
      parts.add(a);
    }
    if (b != null && !b.isBlank()) {
      parts.add(b);
    }
    String text = parts.isEmpty() ? null : String.join("；", parts);
    return text != null && text.length() > 1000 ? text.substring(0, 1000) : text;
  }
}
