package cn.panyu.card.reports;

import static cn.panyu.card.custody.CustodyTestSupport.*;
import static cn.panyu.card.custody.process.CardHandoverProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.HandoverPurpose;
import cn.panyu.card.custody.HandoverService;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * GET /api/reports/custody after a mixed run: deliveries down the chain with a count discrepancy (a card
 * missing from a box and sent again), cards issued, an overdue card recovered village → town → card office,
 * one returned to the City Card Centre. made = held at each location + in transit + issued + returned, and
 * unaccounted = 0.
 */
@H2Test
class ReportsCustodyTest extends ProcessTestSupport {

  @Autowired TestRestTemplate rest;
  @Autowired CustodyLedger ledger;
  @Autowired HandoverService handovers;
  @Autowired OrgUnitRepository units;

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void everyCardMadeIsAccountedFor() {
    insertUnits(units);
    ReportsTestData.user(identity, "rcsleader", "leaders");
    var before = ledger.reconcile();
    List<CardRef> cards = makeCards(ledger, 8);

    receive(handovers.dispatch(HandoverPurpose.DELIVERY, Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE,
        cards, "ccc"), Map.of());
    receive(handovers.dispatch(HandoverPurpose.DELIVERY, Locations.DISTRICT_CARD_OFFICE, TOWN_LOC,
        cards.subList(0, 6), "o"), Map.of());
    // five to the village, four arrive: the fifth is found missing and sent again (in transit)
    String toVillage = handovers.dispatch(HandoverPurpose.DELIVERY, TOWN_LOC, VILLAGE_LOC, cards.subList(0, 5), "t");
    receive(toVillage, Map.of(RECEIVED_COUNT, 4L));
    forms.submitTaskForm(taskOf(toVillage, TASK_CHECK_DISCREPANCY), new HashMap<>(Map.of(
        DISCREPANCY_OUTCOME, OUTCOME_CARDS_MISSING, MISSING_CARD_NUMBERS, cards.get(4).cardNumber())));
    ledger.recordIssued(cards.get(0).cardNumber(), "v");
    ledger.recordIssued(cards.get(1).cardNumber(), "v");
    // an overdue card goes back up: village → town → card office, then to the City Card Centre
    receive(handovers.dispatch(HandoverPurpose.RECOVERY, VILLAGE_LOC, TOWN_LOC, cards.subList(2, 3), "v"), Map.of());
    receive(handovers.dispatch(HandoverPurpose.RECOVERY, TOWN_LOC, Locations.DISTRICT_CARD_OFFICE,
        cards.subList(2, 3), "t"), Map.of());
    handovers.dispatch(HandoverPurpose.RECOVERY, Locations.DISTRICT_CARD_OFFICE, Locations.CITY_CENTRE,
        cards.subList(2, 3), "o");
    runAsyncJobs();

    ResponseEntity<Map> response = rest.withBasicAuth("rcsleader", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/custody", Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> body = response.getBody();
    Map<String, Number> held = (Map<String, Number>) body.get("heldByLocation");
    long heldNow = held.values().stream().mapToLong(Number::longValue).sum();
    long made = ((Number) body.get("made")).longValue();
    long inTransit = ((Number) body.get("inTransit")).longValue();
    long issued = ((Number) body.get("issued")).longValue();
    long returned = ((Number) body.get("returned")).longValue();
    assertThat(((Number) body.get("unaccounted")).longValue()).isZero();
    assertThat(made).isEqualTo(heldNow + inTransit + issued + returned);
    assertThat(made - before.made()).isEqualTo(8);
    assertThat(issued - before.issued()).isEqualTo(2);
    assertThat(returned - before.returned()).isEqualTo(1);
    // village: 4 received − 2 issued − 1 recovered; town: 1 kept back; the card office: the 2 it never sent on
    assertThat(held.get(VILLAGE_LOC).longValue() - before.heldByLocation().getOrDefault(VILLAGE_LOC, 0L)).isEqualTo(1);
    assertThat(inTransit - before.inTransit()).isEqualTo(1);
    assertThat(ledger.currentLocation(cards.get(2).cardNumber())).isEqualTo(Locations.RETURNED);
    assertThat(ledger.currentLocation(cards.get(4).cardNumber())).isEqualTo(TOWN_LOC);
  }

  private void receive(String handoverId, Map<String, Object> variables) {
    forms.submitTaskForm(taskOf(handoverId, TASK_CONFIRM_RECEIPT), new HashMap<>(variables));
  }

  private String taskOf(String handoverId, String key) {
    return tasks.createTaskQuery().processInstanceBusinessKey(handoverId).taskDefinitionKey(key).singleResult()
        .getId();
  }
}
