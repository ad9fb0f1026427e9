package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.support.ProcessTestSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The steps of the individual path as the units do them (village registers, town and affairs office
 * submit, boxes are received level by level), shared by the process tests and the resilience tests.
 */
public abstract class IndividualSteps extends ProcessTestSupport {

  protected static final String VILLAGE = "440113007901";
  protected static final String TOWN = "440113007";

  @Autowired protected CardCentreSimulator simulator;
  @Autowired protected CustodyLedger ledger;

  // ---- steps, as the units would do them ----

  protected Map<String, Object> registrationForm(String idNumber, String photoSource, String studioReceipt) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", "测试申请人");
    v.put("gender", "男");
    v.put("idNumber", idNumber);
    v.put("phone", "13800138000");
    v.put("bank", "中国工商银行");
    v.put("residency", "户籍");
    v.put("photoSource", photoSource);
    v.put("studioReceipt", studioReceipt);
    v.put(REGISTERED_BY.name(), "village");
    return v;
  }

  protected String start(Map<String, Object> variables) {
    return runtime.startProcessInstanceByKey("individual-issuance", variables).getId();
  }

  /** As Tasklist does it: the start form's fields become variables, the initiator is the village clerk. */
  protected String registerInTasklist(String idNumber, String photoSource, String receipt) {
    String pi = start(registrationForm(idNumber, photoSource, receipt));
    assertThat(isWaitingAt(pi, "Task_UploadScan")).isTrue();
    return pi;
  }

  protected String registerWithScan(String idNumber) {
    String pi = registerInTasklist(idNumber, "POLICE", null);
    uploadScan(pi);
    return pi;
  }

  protected void uploadScan(String pi) {
    uploadScan(pi, "Task_AwaitCardResult");
  }

  protected void uploadScan(String pi, String nextActivity) {
    FileValue scan = Variables.fileValue("登记表.pdf").file("%PDF-1.4 test".getBytes())
        .mimeType("application/pdf").create();
    complete(pi, "Task_UploadScan", REGISTRATION_SCAN.with(scan));
    assertThat(isWaitingAt(pi, nextActivity)).isTrue();
  }

  protected String startTownSubmission() {
    return runtime.startProcessInstanceByKey("town-submission",
        TOWN_CODE.with(TOWN).and(STARTED_BY, "shiqiao")).getId();
  }

  protected String submitTown() {
    return submitTown(false);
  }

  /**
   * The town and the affairs office approve as the forms open; the centre answers by callback (awaited when
   * asked) and the poll timer picks up whatever a callback did not bring. Returns the submission's instance, which
   * then waits for its cards to be delivered and its ineligible list to be relayed (or has ended).
   */
  protected String submitTown(boolean awaitCallback) {
    String sub = startTownSubmission();
    completeAsOpened(sub, "Task_TownCheck");
    completeAsOpened(sub, "Task_AffairsCheck");
    runAsyncJobs();
    String submissionId = SUBMISSION_ID.from(runtime.getVariables(sub));
    if (awaitCallback) {
      await("card results by callback", () -> jdbc.queryForObject(
          "select count(*) from application where submission_id = ? and status = 'SUBMITTED'", Integer.class,
          submissionId) == 0);
    } else {
      // the centre makes cards on its own thread: the poll must come after it has finished
      await("the centre's card making", () -> simulator.report(submissionId)
          .map(r -> CardCentreSimulator.COMPLETED.equals(r.status())).orElse(false));
    }
    // a callback still in flight can leave its result to the next poll, as the model's loop does in production
    for (int poll = 0; poll < 3 && hasTimer(sub, "Timer_PollResults"); poll++) {
      fireTimer(sub, "Timer_PollResults");
      runAsyncJobs();
    }
    assertThat(hasTimer(sub, "Timer_PollResults")).as("submission %s has all results after three polls", sub)
        .isFalse();
    return sub;
  }

  /** The card office and the relaying unit pass every open list of ineligible records on as the form opens. */
  protected void relayFeedback() {
    for (String step : List.of("Task_CardOfficeFeedback", "Task_RelayFeedback")) {
      tasks.createTaskQuery().processDefinitionKey("ineligible-feedback").taskDefinitionKey(step).list()
          .forEach(t -> {
            assertThat(forms.getDeployedTaskForm(t.getId())).isNotNull();
            tasks.complete(t.getId());
          });
    }
  }

  /**
   * Every open box is received with the count that was sent, level by level, until none is left; recovery boxes
   * close (their timer fires) first.
   */
  protected void deliverAll() {
    for (int round = 0; round < 20; round++) {
      runAsyncJobs();
      management.createJobQuery().processDefinitionKey("card-shipment").activityId("Timer_BoxCloses").timers().list()
          .forEach(j -> management.executeJob(j.getId()));
      runAsyncJobs();
      var open = tasks.createTaskQuery().processDefinitionKey("card-handover").taskDefinitionKey("Task_ConfirmReceipt")
          .list();
      if (open.isEmpty()) {
        return;
      }
      open.forEach(t -> {
        assertThat(forms.getDeployedTaskForm(t.getId())).isNotNull();
        tasks.complete(t.getId());
      });
    }
    throw new AssertionError("boxes keep coming");
  }

  /** The boxes a shipment of this business key (submission, batch, recovery box) went in, in order. */
  protected List<String> boxesOf(String businessKey) {
    return jdbc.queryForList("select h.handover_id from handover h join shipment s on s.shipment_id = h.shipment_id"
        + " where s.business_key = ? order by h.handover_id", String.class, businessKey);
  }

  protected String applicationNumber(String pi) {
    return (String) history.createHistoricVariableInstanceQuery().processInstanceId(pi)
        .variableName(APPLICATION_NUMBER.name()).singleResult().getValue();
  }

  protected String cardNumber(String app) {
    return jdbc.queryForObject("select card_number from application where application_number = ?", String.class,
        app);
  }

  protected String endEvent(String pi) {
    // the instance's own end: the last one (a sub-process's ends come before it)
    return history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityType("noneEndEvent")
        .orderByHistoricActivityInstanceEndTime().desc().orderPartiallyByOccurrence().desc().list().stream()
        .map(a -> a.getActivityId()).filter(id -> !id.contains("Remind")).findFirst().orElse(null);
  }

  protected List<String> candidateGroups(String pi, String taskKey) {
    return tasks.getIdentityLinksForTask(task(pi, taskKey).getId()).stream()
        .filter(l -> l.getGroupId() != null).map(l -> l.getGroupId()).toList();
  }

  protected List<String> notificationKinds(String app) {
    return jdbc.queryForList("select kind from notification where application_number = ?", String.class, app);
  }
}
