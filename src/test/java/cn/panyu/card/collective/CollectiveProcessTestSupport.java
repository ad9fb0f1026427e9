package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.*;
import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import cn.panyu.card.citycentre.CardCentreModel.ReturnedCards;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.collective.CollectiveTestData.Person;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.TestCityCentreReturns;
import cn.panyu.card.delivery.ReturnsToCityCentre;
import cn.panyu.card.feedback.process.IneligibleFeedbackProcess;
import cn.panyu.card.support.ProcessTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Drives batches through {@code collective-issuance} as the units do it: the institution's clerk uploads over HTTP
 * and works the institution's tasks, the card office's clerk the card office's, the department's (department health
 * has no demo clerk: the system completes its tasks), each box of cards or sheets is received by its unit, the
 * in-process City Card Centre simulator answers over HTTP and receives the sheets and returned cards over the Connect
 * client (the job executor is off: tests run jobs and fire timers themselves). Tests share Spring contexts: every
 * query here is scoped by the batch. Also holds the scenarios of issue 16 that run on H2 and on PostgreSQL.
 */
abstract class CollectiveProcessTestSupport extends ProcessTestSupport {

  static final String CDC = "panyu-cdc";                  // an institution of department health (工作证号)
  static final String SCHOOL = "shiqiao-central-primary"; // a school of department edu (学籍号 + photos)
  static final String CDC_GROUP = "institution-panyu-cdc";
  static final String HEALTH_GROUP = "department-health";
  static final String OFFICE = "district-card-office";

  /** The demo clerk of each unit's group; a group without one (department health) is worked by the system. */
  static final Map<String, String> CLERKS = Map.of(OFFICE, "cardoffice", CDC_GROUP, "gov-inst",
      "institution-" + SCHOOL, "school", "department-edu", "edu");

  /** Every batch instance the collective tests started (the H2 class checks that together they pass every node). */
  static final Set<String> INSTANCES = ConcurrentHashMap.newKeySet();

  private static final Pattern FETCHED = Pattern.compile("fetchVariable\\('([A-Za-z]+)'\\)");

  @Autowired protected CardCentreSimulator simulator;
  @Autowired protected TestCityCentreReturns returns;
  @Autowired protected ReturnsToCityCentre connect;
  @Autowired protected CustodyLedger ledger;
  @Autowired protected CollectiveBatches batches;
  @Autowired protected TestRestTemplate http;

  @BeforeEach
  void realCityCentreReturns() {
    returns.forwardTo = connect; // sheets and recovered cards reach the simulator over HTTP
  }

  @AfterEach
  void plainReturns() {
    returns.forwardTo = null;
    identity.clearAuthentication();
  }

  // ------------------------------------------------------------------------------------------------- scenarios

  /**
   * Issue 16, "Done when": a batch of 20 posted over HTTP, 2 of them ineligible (ID numbers issued outside Guangzhou,
   * photo source police: NO_POLICE_PHOTO) and never answered by the institution. The 18 cards travel down and are
   * handed out over two days while the 2 wait, one card shows a wrong name, its data are corrected and it is made
   * again; every sheet goes back to the City Centre; the batch's counts show it, and the 2 still wait at the
   * institution's follow-up.
   */
  protected void twentyRowsOfWhichTwoStayUndecided() {
    List<Person> people = new ArrayList<>(CollectiveTestData.panyu(18));
    Person outsider1 = CollectiveTestData.notGuangzhou();
    Person outsider2 = CollectiveTestData.notGuangzhou();
    people.add(7, outsider1);
    people.add(outsider2);
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", people), null);
    assertThat(created.get("accepted").asInt()).isEqualTo(20);
    assertThat(created.get("rejected")).isEmpty();
    String batch = created.get("batchNumber").asText();
    String pi = created.get("processInstanceId").asText();
    approveReviews(pi);

    makeCards(pi, batch);
    List<String> undecided = List.of(numberOf(batch, outsider1), numberOf(batch, outsider2));
    undecided.forEach(n -> {
      assertThat(status(n)).isEqualTo("INELIGIBLE");
      assertThat(reasonOf(n)).isEqualTo("NO_POLICE_PHOTO");
    });
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(18);

    // the two tracks: the list of the 2 goes back up while the 18 cards come down; nobody waits for the other
    relayFeedback(batch, 2, HEALTH_GROUP);
    Task followUp = task(pi, "Task_InstitutionFollowUp");
    assertThat(groups(followUp)).containsExactly(CDC_GROUP);
    assertThat((String) tasks.getVariable(followUp.getId(), "ineligibleText")).contains(undecided);
    assertThat(tasks.getVariable(followUp.getId(), INELIGIBLE_COUNT.name())).isEqualTo(2);
    assertThat(tasks.getVariable(followUp.getId(), WITHDRAW_NUMBERS.name())).as("a photo can help both").isEqualTo("");
    deliverAll(batch);
    assertThat(count(batch, "AT_ISSUING_UNIT")).isEqualTo(18);
    String firstCard = card(made(batch).get(0));
    assertThat(jdbc.queryForList("select to_location from handover h join handover_item i on i.handover_id ="
        + " h.handover_id where i.card_number = ? order by h.created_at, h.handover_id", String.class, firstCard))
        .containsExactly("DISTRICT_CARD_OFFICE", "DEPARTMENT:health", "INSTITUTION:" + CDC);
    assertThat(ledger.currentLocation(firstCard)).isEqualTo("INSTITUTION:" + CDC);

    // day one: 12 collect and sign, 5 come later, one finds a wrong name on the card
    Task issue = task(pi, "Task_IssueCards");
    assertThat(groups(issue)).containsExactly(CDC_GROUP);
    assertThat(tasks.getVariable(issue.getId(), "cardsAtInstitution")).isEqualTo(18);
    assertThat((String) tasks.getVariable(issue.getId(), "cardsText")).contains(firstCard);
    List<String> made = made(batch);
    List<String> later = made.subList(12, 17);
    String wrong = made.get(17);
    String wrongCard = card(wrong);
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId(), NOT_COLLECTED.with(String.join("\n", later))
        .and(DATA_ERROR_NUMBERS, wrongCard).and(SIGN_OFF_SCAN, scan("签收表-第一天.pdf"))));
    made.subList(0, 12).forEach(n -> assertThat(status(n)).isEqualTo("ISSUED"));
    later.forEach(n -> assertThat(status(n)).isEqualTo("AT_ISSUING_UNIT"));
    assertThat(status(wrong)).isEqualTo("RECOVERED");
    Task dayTwo = task(pi, "Task_IssueCards");
    assertThat(tasks.getVariable(dayTwo.getId(), "cardsAtInstitution")).isEqualTo(5);
    assertThat(tasks.getVariable(dayTwo.getId(), NOT_COLLECTED.name())).isEqualTo("");

    // the wrong card's data: the form opens with the data as registered, which cannot go again unchanged
    Task correct = task(pi, "Task_CorrectCardData");
    assertThat(groups(correct)).containsExactly(CDC_GROUP);
    String registered = CARD_DATA_CORRECTIONS.from(tasks.getVariables(correct.getId()));
    assertThat(registered).startsWith(wrong + ",").contains(nameOf(wrong));
    assertThatThrownBy(() -> asUser("gov-inst", CDC_GROUP, () -> tasks.complete(correct.getId())))
        .hasMessageContaining("相同");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(correct.getId(), CARD_DATA_CORRECTIONS
        .with(registered.replace(nameOf(wrong), nameOf(wrong) + "改"))));
    assertThat(status(wrong)).as("the wrong card is reported to the centre first").isEqualTo("RECOVERED");

    // the wrong card reported, the data stored, submitted again at once, made, and on its way down in a round of
    // its own, while the sheets and the wrong card go up (the institution's recovery box closes at the end of the day)
    makeCards(pi, batch);
    assertThat(simulator.received().cardReports()).anyMatch(r -> r.cardNumber().equals(wrongCard));
    assertThat(nameOf(wrong)).endsWith("改");
    assertThat(status(wrong)).isEqualTo("IN_TRANSIT");
    assertThat(card(wrong)).isNotEqualTo(wrongCard);
    assertThat(tasks.getVariable(followUp.getId(), INELIGIBLE_COUNT.name()))
        .as("the open follow-up keeps its own count").isEqualTo(2);
    deliverAll(batch);
    assertThat(status(wrong)).isEqualTo("AT_ISSUING_UNIT");
    assertThat(ledger.currentLocation(wrongCard)).isEqualTo("RETURNED");
    assertThat(returnedCards()).contains(wrongCard);

    // day two: the other 5 collect; the remade card has its own issuing task and is not in day two's list
    List<Task> issuing = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_IssueCards")
        .initializeFormKeys().list();
    assertThat(issuing).hasSize(2);
    Task remade = checkEmbeddedForm(issuing.stream().filter(t -> !t.getId().equals(dayTwo.getId())).findFirst()
        .orElseThrow());
    assertThat(tasks.getVariable(remade.getId(), "cardsAtInstitution")).isEqualTo(1);
    assertThat((String) tasks.getVariable(remade.getId(), "cardsText")).contains(card(wrong));
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(dayTwo.getId(), SIGN_OFF_SCAN.with(scan("签收表-第二天.pdf"))));
    later.forEach(n -> assertThat(status(n)).isEqualTo("ISSUED"));
    assertThat(status(wrong)).as("day two of the first round does not hand out the remade card")
        .isEqualTo("AT_ISSUING_UNIT");
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(remade.getId(), SIGN_OFF_SCAN.with(scan("签收表-补制卡.pdf"))));
    assertThat(status(wrong)).isEqualTo("ISSUED");
    deliverAll(batch);

    // the 18 hold their cards, every sheet is back at the City Centre, while the 2 still wait
    made.forEach(n -> assertThat(ledger.currentLocation(card(n))).isEqualTo("HOLDER"));
    assertThat(sheets(batch).stream().map(SignOffSheet::signedCount)).containsExactlyInAnyOrder(12, 5, 1);
    assertThat(sheets(batch)).allSatisfy(s -> {
      assertThat(s.institutionCode()).isEqualTo(CDC);
      assertThat(s.documentBase64()).isNotEmpty();
    });
    assertThat(jdbc.queryForList("select count(*) from shipment_item i join shipment s on s.shipment_id ="
        + " i.shipment_id where s.business_key = ? and s.purpose = 'SIGN_OFF_SHEETS' group by s.shipment_id",
        Integer.class, batch)).containsExactlyInAnyOrder(12, 5, 1);
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(pi).taskDefinitionKey("Task_IssueCards")
        .finished().count()).isEqualTo(3);
    undecided.forEach(n -> assertThat(status(n)).isEqualTo("INELIGIBLE"));
    assertThat(task(pi, "Task_InstitutionFollowUp").getId()).isEqualTo(followUp.getId());

    JsonNode summary = summaryOverHttp("gov-inst", batch);
    assertThat(summary.fieldNames()).toIterable().containsExactly("batchNumber", "status", "institutionCode", "counts",
        "openSteps", "applicationNumbers");
    assertThat(summary.get("batchNumber").asText()).isEqualTo(batch);
    assertThat(summary.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(summary.get("institutionCode").asText()).isEqualTo(CDC);
    // made: 19 cards, the wrong one and its replacement included
    assertThat(summary.get("counts").toString()).isEqualTo("{\"accepted\":20,\"rejected\":0,\"ineligible\":2,"
        + "\"made\":19,\"issued\":18,\"signed\":18,\"recovered\":0}");
    assertThat(summary.get("openSteps").toString()).isEqualTo("[\"单位更正或撤回不合格记录\"]");
    assertThat(summary.get("applicationNumbers")).hasSize(20);
    assertThat(summary.get("applicationNumbers").toString()).contains(undecided);
  }

  /**
   * The collection period ends with cards still at the institution: they go into the institution's recovery box of
   * the day, which travels up as one box per level (department, card office, City Centre), each counted.
   */
  protected void uncollectedCardsGoBackAtTheDeadlineInOneBoxPerLevel() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(5)), null);
    String batch = created.get("batchNumber").asText();
    String pi = created.get("processInstanceId").asText();
    approveReviews(pi);
    makeCards(pi, batch);
    deliverAll(batch);
    List<String> made = made(batch);
    List<String> absent = made.subList(1, 5);

    Task issue = task(pi, "Task_IssueCards");
    assertThat(management.createJobQuery().processInstanceId(pi).activityId("Timer_IssuingDeadline").singleResult()
        .getDuedate()).isEqualTo(issue.getDueDate());
    assertThat(issue.getFollowUpDate()).isBefore(issue.getDueDate());
    asUser("gov-inst", CDC_GROUP, () -> tasks.complete(issue.getId(), NOT_COLLECTED.with(String.join("\n", absent))
        .and(SIGN_OFF_SCAN, scan("签收表.pdf"))));
    // the next issuing day, with the same deadline; nobody comes before it
    Task next = task(pi, "Task_IssueCards");
    assertThat(next.getDueDate()).isEqualTo(issue.getDueDate());
    fireTimer(pi, "Timer_IssuingDeadline");
    assertThat(isWaitingAt(pi, "Task_IssueCards")).isFalse();
    absent.forEach(n -> assertThat(status(n)).isEqualTo("RECOVERED"));
    List<String> absentCards = absent.stream().map(this::card).toList();

    String box = jdbc.queryForObject("select distinct s.business_key from shipment s join shipment_item i"
        + " on i.shipment_id = s.shipment_id where s.purpose = 'RECOVERY' and i.card_number = ?", String.class,
        absentCards.get(0));
    assertThat(box).startsWith("RECOVERY-" + CDC + "-");
    assertThat(jdbc.queryForList("select i.card_number from shipment_item i join shipment s on s.shipment_id ="
        + " i.shipment_id where s.business_key = ?", String.class, box))
        .containsExactlyInAnyOrderElementsOf(absentCards);
    deliverAll(batch);
    assertThat(jdbc.queryForList("select to_location || ':' || sent_count from handover h join shipment s"
        + " on s.shipment_id = h.shipment_id where s.business_key = ? order by h.created_at, h.handover_id",
        String.class, box)).containsExactly("DEPARTMENT:health:4", "DISTRICT_CARD_OFFICE:4", "CITY_CENTRE:4");
    absentCards.forEach(c -> assertThat(ledger.currentLocation(c)).isEqualTo("RETURNED"));
    assertThat(returnedCards()).containsAll(absentCards);
    assertThat(sheets(batch).stream().map(SignOffSheet::signedCount)).containsExactly(1);

    assertThat(endedAt(pi)).isIn("EndEvent_RoundIssued", "EndEvent_SheetsReturned", "EndEvent_UncollectedReturned");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi)
        .activityId("EndEvent_UncollectedReturned").count()).isEqualTo(1);
    JsonNode summary = summaryOverHttp("gov-inst", batch);
    assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(summary.get("counts").toString()).isEqualTo("{\"accepted\":5,\"rejected\":0,\"ineligible\":0,"
        + "\"made\":5,\"issued\":1,\"signed\":1,\"recovered\":4}");
    assertThat(summary.get("openSteps")).isEmpty();
    assertThat(ledger.reconcile().unaccounted()).isZero();
    // the report reads where each card is now (card_location); the ledger alone says the same
    assertThat(ledger.reconcileFromLedger()).isEqualTo(ledger.reconcile());
  }

  // ------------------------------------------------------------------------------------------------- steps

  /** POST /api/collective-batches as the clerk; 201 expected. The instance is remembered for the coverage check. */
  protected JsonNode uploadOverHttp(String user, String institution, byte[] file, byte[] photos) {
    ResponseEntity<JsonNode> created = post(user, institution, file, photos);
    assertThat(created.getStatusCode()).as("upload: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    INSTANCES.add(created.getBody().get("processInstanceId").asText());
    return created.getBody();
  }

  protected ResponseEntity<JsonNode> post(String user, String institution, byte[] file, byte[] photos) {
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", named(file, "名单.csv"));
    body.add("institutionCode", institution);
    if (photos != null) {
      body.add("photos", named(photos, "照片.zip"));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.withBasicAuth(user, "demo").postForEntity("/api/collective-batches", new HttpEntity<>(body, headers),
        JsonNode.class);
  }

  protected JsonNode summaryOverHttp(String user, String batch) {
    ResponseEntity<JsonNode> r = http.withBasicAuth(user, "demo").getForEntity("/api/collective-batches/" + batch,
        JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  /** The department approves as its form opens (department health: the system), then the card office's clerk. */
  protected void approveReviews(String pi) {
    completeByUnit(task(pi, "Task_DepartmentReview"), Map.of());
    completeByUnit(task(pi, "Task_CardOfficeReview"), Map.of());
  }

  /** Runs the submissions, waits for the simulator's callbacks, then fires the poll timers until all are in. */
  protected void makeCards(String pi, String batch) {
    runAsyncJobs();
    List<String> sent = jdbc.queryForList("select submission_id from submission where batch_number = ?"
        + " and status = 'SENT'", String.class, batch);
    assertThat(sent).as("submissions of %s on their way", batch).isNotEmpty();
    for (String id : sent) {
      await("results of " + id, () -> simulator.callbackStatuses(id).isPresent());
    }
    for (int poll = 0; poll < 3 && hasTimer(pi, "Timer_PollResults"); poll++) {
      management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().list()
          .forEach(j -> management.executeJob(j.getId()));
      runAsyncJobs();
    }
    assertThat(hasTimer(pi, "Timer_PollResults")).as("all results of %s in after three polls", batch).isFalse();
  }

  /**
   * The batch's list of ineligible rows, one task at the card office then one at the relaying unit, each listing all
   * of them, passed on as the forms open.
   */
  protected void relayFeedback(String batch, int listed, String relayGroup) {
    String feedback = runtime.createProcessInstanceQuery().processDefinitionKey(IneligibleFeedbackProcess.PROCESS_KEY)
        .processInstanceBusinessKey(batch).active().list().stream().map(p -> p.getId()).reduce((a, b) -> {
          throw new AssertionError("more than one list of " + batch + " on its way");
        }).orElseThrow(() -> new AssertionError("no list of ineligible rows of " + batch));
    Task office = task(feedback, "Task_CardOfficeFeedback");
    assertThat(groups(office)).containsExactly(OFFICE);
    assertThat(tasks.getVariable(office.getId(), IneligibleFeedbackProcess.INELIGIBLE_COUNT.name())).isEqualTo(listed);
    completeByUnit(office, Map.of());
    Task relay = task(feedback, "Task_RelayFeedback");
    assertThat(groups(relay)).containsExactly(relayGroup);
    assertThat(IneligibleFeedbackProcess.INELIGIBLE_TEXT.from(tasks.getVariables(relay.getId())).lines())
        .hasSize(listed);
    completeByUnit(relay, Map.of());
    assertThat(isEnded(feedback)).isTrue();
  }

  /**
   * Every box carrying this batch's cards or sheets is received by its unit with the count that was sent, level by
   * level, until none is left; the recovery boxes holding its cards close (their timer fires) first.
   */
  protected void deliverAll(String batch) {
    for (int round = 0; round < 20; round++) {
      runAsyncJobs();
      closeRecoveryBoxes(batch);
      runAsyncJobs();
      List<Task> open = openReceipts(batch);
      if (open.isEmpty()) {
        return;
      }
      open.forEach(t -> receive(t, null));
    }
    throw new AssertionError("boxes keep coming");
  }

  /** Confirms the open receipt of the box going to this location, with the count as sent or the one given. */
  protected void confirmReceiptAt(String batch, String location, Integer count) {
    List<Task> open = openReceipts(batch).stream()
        .filter(t -> location.equals(runtime.getVariable(t.getExecutionId(), "toLocation"))).toList();
    assertThat(open).as("receipt at %s", location).hasSize(1);
    receive(open.get(0), count);
  }

  private void receive(Task receipt, Integer count) {
    assertThat(forms.getDeployedTaskForm(receipt.getId())).isNotNull();
    Map<String, Object> vars = new HashMap<>();
    if (count != null) {
      vars.put("receivedCount", count);
    }
    completeByUnit(receipt, vars);
    runAsyncJobs();
  }

  /** The recovery boxes (of the day) that hold this batch's cards close now. */
  protected void closeRecoveryBoxes(String batch) {
    for (String key : jdbc.queryForList("""
        select distinct s.business_key from shipment s join shipment_item i on i.shipment_id = s.shipment_id
          join application a on a.application_number = i.application_number
        where a.batch_number = ? and s.purpose = 'RECOVERY' and s.status = 'OPEN'""", String.class, batch)) {
      runtime.createProcessInstanceQuery().processDefinitionKey("card-shipment").processInstanceBusinessKey(key)
          .list().forEach(box -> fireTimer(box.getId(), "Timer_BoxCloses"));
    }
  }

  /** The open receipt tasks of the boxes that carry this batch's cards or sheets (other tests' boxes stay). */
  protected List<Task> openReceipts(String batch) {
    List<String> instances = jdbc.queryForList("""
        select distinct h.process_instance_id from handover h join handover_item i on i.handover_id = h.handover_id
          join application a on a.application_number = i.application_number
        where a.batch_number = ? and h.status in ('SENT', 'DISCREPANCY')""", String.class, batch);
    return instances.isEmpty() ? List.of() : tasks.createTaskQuery().taskDefinitionKey("Task_ConfirmReceipt")
        .processInstanceIdIn(instances.toArray(String[]::new)).list();
  }

  /**
   * Completes the task as the clerk of the unit it belongs to (its first candidate group with a demo clerk), as
   * Tasklist does; a unit without a demo clerk (department health) has it completed by the system.
   */
  protected void completeByUnit(Task task, Map<String, Object> variables) {
    String user = groups(task).stream().map(CLERKS::get).filter(u -> u != null).findFirst().orElse(null);
    if (user == null) {
      tasks.complete(task.getId(), variables);
      return;
    }
    String group = CLERKS.entrySet().stream().filter(e -> e.getValue().equals(user)).findFirst().orElseThrow()
        .getKey();
    asUser(user, group, () -> tasks.complete(task.getId(), variables));
  }

  protected void asUser(String user, String group, Runnable work) {
    identity.setAuthentication(user, List.of(group));
    try {
      work.run();
    } finally {
      identity.clearAuthentication();
    }
  }

  // ------------------------------------------------------------------------------------------------- queries

  /** The open task, its form fetched; an embedded form's variables (those its script fetches) must be there. */
  @Override
  protected Task task(String processInstanceId, String taskKey) {
    Task t = super.task(processInstanceId, taskKey);
    return checkEmbeddedForm(t);
  }

  /** Every variable an embedded form's script fetches is there to show. */
  protected Task checkEmbeddedForm(Task t) {
    if (t.getFormKey() != null && t.getFormKey().startsWith("embedded:app:")) {
      String html = http.getForObject("/" + t.getFormKey().substring("embedded:app:".length()), String.class);
      String script = html.substring(html.indexOf("<script"), html.indexOf("</script>"));
      Matcher m = FETCHED.matcher(script);
      Map<String, Object> visible = tasks.getVariables(t.getId());
      while (m.find()) {
        assertThat(visible).as("%s shows %s", t.getFormKey(), m.group(1)).containsKey(m.group(1));
      }
    }
    return t;
  }

  /** The values of this variable in every scope of the instance (a sub-process's local ones included). */
  protected List<Object> variableValues(String pi, String name) {
    return runtime.createVariableInstanceQuery().processInstanceIdIn(pi).variableName(name).list().stream()
        .map(v -> v.getValue()).toList();
  }


  protected List<String> groups(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(l -> l.getGroupId()).toList();
  }

  protected List<String> numbers(String batch) {
    return jdbc.queryForList("select application_number from application where batch_number = ?"
        + " order by application_number", String.class, batch);
  }

  /** The batch's rows with a card made, in application number order. */
  protected List<String> made(String batch) {
    return jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and card_number is not null order by application_number", String.class, batch);
  }

  protected List<String> statuses(String batch) {
    return jdbc.queryForList("select status from application where batch_number = ?", String.class, batch);
  }

  protected int count(String batch, String status) {
    return jdbc.queryForObject("select count(*) from application where batch_number = ? and status = ?",
        Integer.class, batch, status);
  }

  protected String numberOf(String batch, Person p) {
    return jdbc.queryForObject("select application_number from application where batch_number = ? and id_number = ?",
        String.class, batch, p.idNumber());
  }

  protected String card(String applicationNumber) {
    return jdbc.queryForObject("select card_number from application where application_number = ?", String.class,
        applicationNumber);
  }

  protected String nameOf(String applicationNumber) {
    return jdbc.queryForObject("select name from application where application_number = ?", String.class,
        applicationNumber);
  }

  protected String reasonOf(String applicationNumber) {
    return jdbc.queryForObject("select ineligible_reason from application where application_number = ?",
        String.class, applicationNumber);
  }

  /** The sign-off sheets of this batch the City Centre received. */
  protected List<SignOffSheet> sheets(String batch) {
    return simulator.received().signOffSheets().stream().filter(s -> batch.equals(s.cardBatchNumber())).toList();
  }

  protected List<String> returnedCards() {
    return simulator.received().returnedCards().stream().map(ReturnedCards::cardNumbers).flatMap(List::stream)
        .toList();
  }

  protected String endedAt(String pi) {
    assertThat(isEnded(pi)).as("instance ended").isTrue();
    return history.createHistoricProcessInstanceQuery().processInstanceId(pi).singleResult().getEndActivityId();
  }

  protected static FileValue scan(String name) {
    return Variables.fileValue(name).file(CollectiveTestData.scan()).mimeType("application/pdf").create();
  }

  private static ByteArrayResource named(byte[] content, String name) {
    return new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }
}
