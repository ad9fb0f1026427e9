package cn.panyu.card.reports;

import static cn.panyu.card.custody.process.CardHandoverProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.CustodyReconciliation;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.delivery.CardShipment;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * GET /api/reports/custody after a mixed run of collective cards (a shipment takes them down leg by leg): City
 * Card Centre → card office → department with one card missing from the box (discrepancy, sent again with the next
 * leg), → institution, two issued, one overdue card recovered in the institution's recovery box: institution →
 * department → card office → City Card Centre. made = held at each location + in transit + issued + returned, and
 * unaccounted = 0.
 */
@H2Test
class ReportsCustodyTest extends ProcessTestSupport {

  @Autowired TestRestTemplate rest;
  @Autowired CustodyLedger ledger;
  @Autowired cn.panyu.card.delivery.Shipments shipments;
  @Autowired cn.panyu.card.delivery.RecoveryBoxes recoveryBoxes;
  @Autowired OrgUnitRepository units;

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void everyCardMadeIsAccountedFor() {
    ReportsTestData data = new ReportsTestData(jdbc, "rcs").insert(units);
    ReportsTestData.user(identity, "rcsleader", "leaders");
    String department = "DEPARTMENT:" + data.department();
    String institution = "INSTITUTION:" + data.institution();
    CustodyReconciliation before = ledger.reconcile();
    List<CardRef> cards = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String application = "rcs-card-" + i;
      jdbc.update("insert into application (application_number, mode, status, unit_code, name, gender, id_number,"
          + " bank, residency, card_number, created_at, updated_at) values (?, 'COLLECTIVE', 'CARD_MADE', ?, '测试',"
          + " '女', ?, '工商银行', '户籍', ?, ?, ?)", application, data.institution(), String.format("9%017d", i),
          "RCS" + i, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
      ledger.recordMade("RCS" + i, application);
      cards.add(new CardRef("RCS" + i, application));
    }

    // the cards go down as one shipment, as a batch's round does (business key = the batch)
    String shipment = shipments.deliver("rcs-batch", cards);
    runtime.startProcessInstanceByKey(CardShipment.PROCESS_KEY, "rcs-batch", CardShipment.SHIPMENT_ID.with(shipment));
    receive(latest(Locations.CITY_CENTRE, Locations.DISTRICT_CARD_OFFICE), Map.of());
    // the card office's box to the department: five of six arrive, the sixth is missing and stays with the office
    String toDepartment = latest(Locations.DISTRICT_CARD_OFFICE, department);
    receive(toDepartment, RECEIVED_COUNT.with(5L));
    forms.submitTaskForm(taskOf(toDepartment, TASK_CHECK_DISCREPANCY),
        DISCREPANCY_OUTCOME.with(OUTCOME_CARDS_MISSING).and(MISSING_CARD_NUMBERS, "RCS6"));
    runAsyncJobs();
    receive(latest(department, institution), Map.of());
    assertThat(status("rcs-card-1")).isEqualTo("AT_ISSUING_UNIT");
    ledger.recordIssued("RCS1", "i");
    ledger.recordIssued("RCS2", "i");
    // an overdue card goes back up the chain to the City Card Centre in the institution's recovery box of the day
    recoveryBoxes.put(institution, cards.subList(2, 3));
    management.createJobQuery().processDefinitionKey("card-shipment").activityId("Timer_BoxCloses").list()
        .forEach(j -> management.executeJob(j.getId()));
    receive(latest(institution, department), Map.of());
    receive(latest(department, Locations.DISTRICT_CARD_OFFICE), Map.of());
    runAsyncJobs();
    // the missing card's next leg: the card office sends it to the department again
    assertThat(latest(Locations.DISTRICT_CARD_OFFICE, department)).isNotEqualTo(toDepartment);

    ResponseEntity<Map> response = rest.withBasicAuth("rcsleader", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/custody", Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> body = response.getBody();
    Map<String, Number> held = (Map<String, Number>) body.get("heldByLocation");
    long made = number(body, "made");
    long inTransit = number(body, "inTransit");
    long issued = number(body, "issued");
    long returned = number(body, "returned");
    assertThat(number(body, "unaccounted")).isZero();
    assertThat(made).isEqualTo(held.values().stream().mapToLong(Number::longValue).sum() + inTransit + issued
        + returned);
    assertThat(made - before.made()).isEqualTo(6);
    assertThat(issued - before.issued()).isEqualTo(2);
    assertThat(returned - before.returned()).isEqualTo(1);
    // the institution holds the two neither issued nor recovered; the missing card is on its way again
    assertThat(held.get(institution).longValue()).isEqualTo(2);
    assertThat(ledger.currentLocation("RCS3")).isEqualTo(Locations.RETURNED);
    assertThat(ledger.custodyOf("RCS6").orElseThrow().inTransit()).isTrue();
  }

  private long number(Map<String, Object> body, String key) {
    return ((Number) body.get(key)).longValue();
  }

  /** The newest box between two locations (the shipment packs them leg by leg). */
  private String latest(String from, String to) {
    return jdbc.queryForList("select handover_id from handover where from_location = ? and to_location = ?"
        + " order by created_at desc, handover_id desc", String.class, from, to).get(0);
  }

  private void receiveIfOpen(String from, String to) {
    List<String> open = jdbc.queryForList("select handover_id from handover where from_location = ? and"
        + " to_location = ? and status = 'SENT'", String.class, from, to);
    for (String id : open) {
      if (tasks.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey(TASK_CONFIRM_RECEIPT).count() > 0) {
        receive(id, Map.of());
      }
    }
  }

  private void receive(String handoverId, Map<String, Object> variables) {
    forms.submitTaskForm(taskOf(handoverId, TASK_CONFIRM_RECEIPT), new HashMap<>(variables));
    // the shipment records each box's arrival on its own (asynchronous), then packs the next leg
    runAsyncJobs();
  }

  private String taskOf(String handoverId, String key) {
    String instance = jdbc.queryForObject("select process_instance_id from handover where handover_id = ?",
        String.class, handoverId);
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult().getId();
  }
}
