package cn.panyu.card.collective;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.delivery.ReturnsToCityCentre;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.collective.CollectiveTestData.Person;
import cn.panyu.card.custody.TestCityCentreReturns;
import cn.panyu.card.support.ProcessTestSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drives a batch through {@code collective-issuance} and the {@code card-handover} boxes of its cards, with
 * the in-process City Card Centre simulator answering over HTTP (the job executor is off: tests run jobs).
 */
abstract class CollectiveProcessTestSupport extends ProcessTestSupport {

  @Autowired protected CardCentreSimulator simulator;
  @Autowired protected TestCityCentreReturns returns;
  @Autowired protected ReturnsToCityCentre connect;

  @BeforeEach
  void realCityCentreReturns() {
    returns.forwardTo = connect; // sheets and recovered cards reach the simulator over HTTP
  }

  @AfterEach
  void plainReturns() {
    returns.forwardTo = null;
  }

  /** Runs the submissions, waits for the simulator's callbacks, then fires the poll timers. */
  protected void makeCards(String pi, String batch) {
    runAsyncJobs();
    List<String> sent = jdbc.queryForList("select submission_id from submission where batch_number = ?"
        + " and status = 'SENT'", String.class, batch);
    assertThat(sent).isNotEmpty();
    for (String id : sent) {
      await("results of " + id, () -> simulator.callbackStatuses(id).isPresent());
    }
    management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().list()
        .forEach(j -> management.executeJob(j.getId()));
    runAsyncJobs();
  }

  /** Confirms the open receipt of the box going to this location, with the count as sent or the one given. */
  protected void confirmReceiptAt(String batch, String location, Integer count) {
    List<Task> open = openReceipts(batch).stream()
        .filter(t -> location.equals(runtime.getVariable(t.getExecutionId(), "toLocation"))).toList();
    assertThat(open).as("receipt at %s", location).hasSize(1);
    assertThat(forms.getDeployedTaskForm(open.get(0).getId())).isNotNull();
    Map<String, Object> vars = new HashMap<>();
    if (count != null) {
      vars.put("receivedCount", count);
    }
    tasks.complete(open.get(0).getId(), vars);
    runAsyncJobs();
  }

  /** Confirms every box on its way until none is left (each receipt may send the next box). */
  protected void confirmAllReceipts(String batch) {
    for (int round = 0; round < 10; round++) {
      runAsyncJobs();
      List<Task> open = openReceipts(batch);
      if (open.isEmpty()) {
        return;
      }
      open.forEach(t -> tasks.complete(t.getId()));
    }
    throw new AssertionError("boxes keep coming");
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

  protected List<String> statuses(String batch) {
    return jdbc.queryForList("select status from application where batch_number = ?", String.class, batch);
  }

  protected int count(String batch, String status) {
    return jdbc.queryForObject("select count(*) from application where batch_number = ? and status = ?",
        Integer.class, batch, status);
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

  protected String numberOf(String batch, Person p) {
    return jdbc.queryForObject("select application_number from application where batch_number = ? and id_number = ?",
        String.class, batch, p.idNumber());
  }

  protected String card(String applicationNumber) {
    return jdbc.queryForObject("select card_number from application where application_number = ?", String.class,
        applicationNumber);
  }

  protected String batchStatus(String batch) {
    return jdbc.queryForObject("select status from collective_batch where batch_number = ?", String.class, batch);
  }

  protected String endedAt(String pi) {
    assertThat(isEnded(pi)).as("instance ended").isTrue();
    return history.createHistoricProcessInstanceQuery().processInstanceId(pi).singleResult().getEndActivityId();
  }
}
