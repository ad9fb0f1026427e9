package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveIssuance.NOT_COLLECTED;
import static cn.panyu.card.collective.CollectiveIssuance.SIGN_OFF_SCAN;
import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.engine.TaskCompletionRetry;
import cn.panyu.card.support.PostgresTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The collective path on a real PostgreSQL server: issue 16's batch of twenty whose two undecided rows do not hold
 * up the eighteen cards, and the recovery of cards uncollected at the deadline, as on H2; here the submissions go in
 * parts of at most eight rows (twenty rows: three parts) and the City Card Centre takes four seconds to make cards,
 * so that a poll before it has finished finds the results missing and waits for the next one.
 */
@PostgresTest
@TestPropertySource(properties = {"collective.submission-max-rows=8", "card-centre.simulator.card-making-delay=4s"})
class CollectiveIssuancePostgresTest extends CollectiveProcessTestSupport {

  @Autowired PlatformTransactionManager transactions;

  @Test
  void twentyRowsTwoUndecidedTheEighteenHoldTheirCardsAndTheirSheetsAreBack() {
    twentyRowsOfWhichTwoStayUndecided();
  }

  @Test
  void cardsUncollectedAtTheDeadlineGoBackInOneBoxPerLevel() {
    uncollectedCardsGoBackAtTheDeadlineInOneBoxPerLevel();
  }

  @Test
  void aPollBeforeTheCentreHasMadeTheCardsWaitsForTheNextPoll() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(10)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    runAsyncJobs();
    List<String> parts = jdbc.queryForList("select submission_id from submission where batch_number = ?"
        + " order by submission_id", String.class, batch);
    assertThat(parts).hasSize(2);
    assertThat(parts).as("the centre is still making the cards (it takes 4 s): this poll comes before")
        .allSatisfy(id -> assertThat(simulator.report(id).orElseThrow().status())
            .isEqualTo(CardCentreSimulator.PROCESSING));
    management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().list()
        .forEach(j -> management.executeJob(j.getId()));
    runAsyncJobs();
    // nothing yet: each part polls again later
    assertThat(management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().count())
        .isEqualTo(2);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Gateway_PollLoop")
        .count()).isEqualTo(4);
    assertThat(count(batch, "SUBMITTED")).isEqualTo(10);

    makeCards(pi, batch);
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(10);
    deliverAll(batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", Map.of("signOffScan", scan("签收表.pdf"))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(summaryOverHttp("gov-inst", batch).get("counts").toString()).isEqualTo("{\"accepted\":10,"
        + "\"rejected\":0,\"ineligible\":0,\"made\":10,\"issued\":10,\"signed\":10,\"recovered\":0}");
  }

  /**
   * The institution hands out all but one card on the first day (the task comes back for it) and the day's sheets go
   * up; the second day's issuing form is submitted (over the REST API, as Tasklist does) while the job recording the
   * first day's sheets at the City Centre, which ends their branch of the round, holds the same rows uncommitted. The
   * clerk's submission waits for it, meets an optimistic-locking error, and the engine tries it again: the clerk sees
   * success (the campaign benchmark's robots met HTTP 500 on this form).
   */
  @Test
  void theSecondDaysIssuingIsSubmittedWhileTheFirstDaysSheetsArrive() throws Exception {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(3)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    makeCards(pi, batch);
    deliverAll(batch);
    String absent = jdbc.queryForObject("select min(application_number) from application where batch_number = ?",
        String.class, batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", NOT_COLLECTED.with(absent)
        .and(SIGN_OFF_SCAN, scan("签收表.pdf"))));
    runAsyncJobs();
    // the sheets go up, unit by unit, until only their arrival at the City Centre is left to record
    for (int round = 0; round < 10 && !openReceipts(batch).isEmpty(); round++) {
      openReceipts(batch).forEach(t -> completeByUnit(t, Map.of()));
      runJobsBut(this::recordsArrivalAtTheCityCentre);
    }
    Job arrival = runJobsBut(this::recordsArrivalAtTheCityCentre);
    assertThat(arrival).as("the sheets' arrival at the City Centre, to record").isNotNull();
    String secondDay = task(pi, "Task_IssueCards").getId();

    ListAppender<ILoggingEvent> retries = new ListAppender<>();
    retries.start();
    Logger retryLog = (Logger) LoggerFactory.getLogger(TaskCompletionRetry.class);
    retryLog.addAppender(retries);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch flushed = new CountDownLatch(1);
      Future<?> job = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
        management.executeJob(arrival.getId()); // written, not committed: its rows stay locked
        flushed.countDown();
        waitForASessionWaitingOnALock(); // the clerk's submission runs into them
      }));
      assertThat(flushed.await(60, TimeUnit.SECONDS)).isTrue();
      Future<ResponseEntity<String>> submitted = threads.submit(() -> http.withBasicAuth("gov-inst", "demo")
          .postForEntity("/engine-rest/task/" + secondDay + "/submit-form", Map.of("variables", Map.of(
              SIGN_OFF_SCAN.name(), Map.of("type", "File", "value", Base64.getEncoder().encodeToString(
                  CollectiveTestData.scan()), "valueInfo", Map.of("filename", "签收表.pdf", "mimetype",
                  "application/pdf")))), String.class));
      job.get(60, TimeUnit.SECONDS);
      ResponseEntity<String> answer = submitted.get(60, TimeUnit.SECONDS);
      assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      threads.shutdownNow();
      retryLog.detachAppender(retries);
    }
    assertThat(retries.list).as("the submission collided and was tried again").isNotEmpty();

    deliverAll(batch);
    assertThat(endedAt(pi)).isEqualTo("EndEvent_RoundIssued");
    assertThat(count(batch, "ISSUED")).isEqualTo(3);
    assertThat(sheets(batch)).hasSize(2);
  }

  /** Runs every due async job except those the predicate names, one by one; returns the first of those left. */
  private Job runJobsBut(Predicate<Job> held) {
    for (int i = 0; i < 200; i++) {
      List<Job> due = management.createJobQuery().executable().messages().list();
      Job next = due.stream().filter(held.negate()).findFirst().orElse(null);
      if (next == null) {
        return due.stream().filter(held).findFirst().orElse(null);
      }
      management.executeJob(next.getId());
    }
    throw new AssertionError("async jobs keep coming");
  }

  /** A shipment's job recording the arrival of a box that was handed to the City Centre (its journey's end). */
  private boolean recordsArrivalAtTheCityCentre(Job job) {
    return management.createJobQuery().processInstanceId(job.getProcessInstanceId()).activityId("Task_RecordArrivals")
        .list().stream().anyMatch(j -> j.getId().equals(job.getId())) && history.createHistoricProcessInstanceQuery()
        .superProcessInstanceId(job.getProcessInstanceId()).list().stream()
        .anyMatch(box -> history.createHistoricActivityInstanceQuery().processInstanceId(box.getId())
            .activityId("Task_ReturnToCityCentre").finished().count() > 0);
  }

  /** Until another session of this database waits for a row lock (at most 30 s: then the test's check fails). */
  private void waitForASessionWaitingOnALock() {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until && jdbc.queryForObject("select count(*) from pg_stat_activity where"
        + " datname = current_database() and wait_event_type = 'Lock'", Integer.class) == 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
