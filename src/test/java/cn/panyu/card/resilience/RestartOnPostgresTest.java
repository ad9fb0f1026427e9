package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.CardIssuanceApplication;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.support.PostgresServer;
import cn.panyu.card.support.TestApplicants;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application is stopped while instances wait at user tasks, at due timers and at async jobs, and
 * started again on the same PostgreSQL database (the second time with the job executor on, as in
 * production): every instance resumes where it stood, the due timer fires, the pending job runs, and the
 * submission goes through to the end. A second submission had reached the City Card Centre simulator (which
 * runs in the application) before the stop, its cards not made yet: the simulator keeps its submissions in its
 * own tables, makes the cards after the restart, and the submission's poll brings them in.
 */
@Tag("own-jvm") // starts and stops applications of its own
class RestartOnPostgresTest {

  @Test
  void everyInstanceTimerAndJobResumesAfterARestart() {
    String db = PostgresServer.newDatabaseUrl();
    String waitingForScan;
    String escalating;
    String submitted;
    String submission;
    String submittedApp;
    String atCentre;
    String atCentreApp;
    String atCentreId;

    // the centre takes ten minutes to make cards before the restart, no time after it
    try (ConfigurableApplicationContext first = start(db, false, "10m")) {
      RuntimeService runtime = first.getBean(RuntimeService.class);
      TaskService tasks = first.getBean(TaskService.class);
      ManagementService management = first.getBean(ManagementService.class);
      // waits at a user task
      waitingForScan = register(runtime);
      // waits at a user task past its follow-up date: the escalation sweep (its timer made due) runs after the restart
      escalating = register(runtime);
      var overdue = tasks.createTaskQuery().processInstanceId(escalating).singleResult();
      overdue.setFollowUpDate(new Date(System.currentTimeMillis() - 60_000));
      tasks.saveTask(overdue);
      Job sweep = management.createJobQuery().processDefinitionKey("task-escalation").timers().singleResult();
      management.setJobDuedate(sweep.getId(), new Date(System.currentTimeMillis() - 60_000));
      // registered, in a submission approved by town and office; its Connect call is an async job not yet run
      submitted = register(runtime);
      uploadScan(tasks, submitted);
      submittedApp = runtime.createProcessInstanceQuery().processInstanceId(submitted).singleResult()
          .getBusinessKey();
      submission = runtime.startProcessInstanceByKey("town-submission",
          Variables.putValue("townCode", "440113007").putValue("startedBy", "shiqiao")).getId();
      tasks.complete(task(tasks, submission, "Task_TownCheck"), Map.of());
      tasks.complete(task(tasks, submission, "Task_AffairsCheck"), Map.of());
      assertThat(management.createJobQuery().processInstanceId(submission).activityId("Task_SubmitToCityCentre")
          .count()).isEqualTo(1);
      // a second submission whose Connect call has reached the centre: it is making the cards
      String other = register(runtime);
      uploadScan(tasks, other);
      atCentreApp = runtime.createProcessInstanceQuery().processInstanceId(other).singleResult().getBusinessKey();
      atCentre = runtime.startProcessInstanceByKey("town-submission",
          Variables.putValue("townCode", "440113007").putValue("startedBy", "shiqiao")).getId();
      tasks.complete(task(tasks, atCentre, "Task_TownCheck"), Map.of());
      tasks.complete(task(tasks, atCentre, "Task_AffairsCheck"), Map.of());
      management.executeJob(management.createJobQuery().processInstanceId(atCentre)
          .activityId("Task_SubmitToCityCentre").singleResult().getId());
      assertThat(status(first.getBean(JdbcTemplate.class), atCentreApp)).isEqualTo("SUBMITTED");
      atCentreId = (String) runtime.getVariable(atCentre, "submissionId");
    } // stopped: nothing of it is in memory any more

    try (ConfigurableApplicationContext second = start(db, true, "0s")) {
      RuntimeService runtime = second.getBean(RuntimeService.class);
      TaskService tasks = second.getBean(TaskService.class);
      ManagementService management = second.getBean(ManagementService.class);
      JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);

      // the job executor runs the pending submit job; the simulator calls the results back
      await("the submission sent after the restart", () -> "CARD_MADE".equals(status(jdbc, submittedApp)));
      // the due escalation timer fired
      await("the overdue escalation", () -> tasks.getIdentityLinksForTask(task(tasks, escalating, "Task_UploadScan"))
          .stream().anyMatch(l -> "town-440113007".equals(l.getGroupId())));
      // the poll timer of the submission is made due: the executor fires it, the cards leave as one shipment
      Job poll = management.createJobQuery().processInstanceId(submission).activityId("Timer_PollResults")
          .singleResult();
      management.setJobDuedate(poll.getId(), new Date(System.currentTimeMillis() - 1_000));
      await("the submission's cards on their way", () -> "IN_TRANSIT".equals(status(jdbc, submittedApp)));
      assertThat(runtime.createExecutionQuery().processInstanceId(submission).activityId("CallActivity_DeliverCards")
          .count()).isEqualTo(1);
      assertThat(runtime.createExecutionQuery().processInstanceId(submitted).activityId("Task_AwaitCardAtVillage")
          .count()).isEqualTo(1);

      // the instances waiting at user tasks carry on
      uploadScan(tasks, waitingForScan);
      uploadScan(tasks, escalating);
      for (String pi : new String[] {waitingForScan, escalating}) {
        assertThat(runtime.createExecutionQuery().processInstanceId(pi).activityId("Task_AwaitCardResult").count())
            .isEqualTo(1);
      }
      // the centre made the cards of the submission it had received before the restart; its callback went to
      // the application's old port, so the submission's poll brings the results in
      CardCentreSimulator centre = second.getBean(CardCentreSimulator.class);
      await("the centre's cards after the restart", () -> centre.report(atCentreId)
          .map(r -> CardCentreSimulator.COMPLETED.equals(r.status())).orElse(false));
      Job atCentrePoll = management.createJobQuery().processInstanceId(atCentre).activityId("Timer_PollResults")
          .singleResult();
      if (atCentrePoll != null) { // unless the executor has polled already
        management.setJobDuedate(atCentrePoll.getId(), new Date(System.currentTimeMillis() - 1_000));
      }
      // its results in: the card leaves with the submission's shipment (the submission waits for it to arrive)
      await("the second submission's card on its way", () -> "IN_TRANSIT".equals(status(jdbc, atCentreApp)));
      assertThat(runtime.createExecutionQuery().processInstanceId(atCentre).activityId("CallActivity_DeliverCards")
          .count()).isEqualTo(1);
      assertThat(jdbc.queryForObject("select card_number from application where application_number = ?",
          String.class, atCentreApp)).isEqualTo(centre.cardOf(atCentreApp).orElseThrow().cardNumber());

      assertThat(management.createJobQuery().withException().count()).as("failed jobs").isZero();
      Ledgers.noLostApplication(jdbc);
      Ledgers.noDuplicateCard(jdbc);

      var f = ResilienceResults.figures();
      f.put("restarts", 1);
      f.put("instances waiting across the restart (user task, due timer, async job, submission)", 4);
      f.put("instances resumed", 4);
      f.put("submissions the City Card Centre simulator was making across the restart, made after it", 1);
      f.put("failed jobs after the restart", 0);
      f.put("applications lost", 0);
      ResilienceResults.write("restart", "Restart on PostgreSQL (RestartOnPostgresTest, mvn -B verify)", f);
    }
  }

  private static ConfigurableApplicationContext start(String db, boolean jobExecutor, String cardMakingDelay) {
    return new SpringApplicationBuilder(CardIssuanceApplication.class).profiles("demo", "test").run(
        "--spring.datasource.url=" + db, "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--spring.datasource.hikari.maximum-pool-size=10", "--server.port=0", "--process-coverage.enabled=false",
        "--camunda.bpm.job-execution.enabled=" + jobExecutor,
        "--card-centre.simulator.card-making-delay=" + cardMakingDelay);
  }

  private static String register(RuntimeService runtime) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", "测试申请人");
    v.put("gender", "男");
    v.put("idNumber", TestApplicants.panyu());
    v.put("phone", "13800138000");
    v.put("bank", "中国工商银行");
    v.put("residency", "户籍");
    v.put("photoSource", "POLICE");
    v.put("registeredBy", "village");
    return runtime.startProcessInstanceByKey("individual-issuance", v).getId();
  }

  private static void uploadScan(TaskService tasks, String pi) {
    tasks.complete(task(tasks, pi, "Task_UploadScan"), Map.of("registrationScan", Variables.fileValue("登记表.pdf")
        .file("%PDF-1.4 test".getBytes()).mimeType("application/pdf").create()));
  }

  private static String task(TaskService tasks, String pi, String key) {
    var t = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey(key).singleResult();
    assertThat(t).as("%s in %s", key, pi).isNotNull();
    return t.getId();
  }

  private static String status(JdbcTemplate jdbc, String applicationNumber) {
    return jdbc.queryForObject("select status from application where application_number = ?", String.class,
        applicationNumber);
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("gave up waiting for %s", what).isBefore(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
