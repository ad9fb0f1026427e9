package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.citycentre.simulator.FaultSettings;
import cn.panyu.card.citycentre.simulator.SimulatorFaults;
import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * City Card Centre faults at the process level: the in-process simulator misbehaves (503s, latency beyond the
 * read-timeout, lost, repeated and reordered callbacks) while whole town submissions run. The submit job
 * retries with back-off, becomes an incident after its last retry, is retried "from Cockpit" over the REST
 * API and goes through; no application is lost and no card made twice.
 */
@H2Test
@TestPropertySource(properties = {"card-centre.read-timeout=1s", "card-centre.retry-cycle=R3/PT10M"})
class CityCentreFaultsTest extends IndividualSteps {

  static final AtomicInteger faultsInjected = new AtomicInteger();
  static final AtomicInteger jobExecutions = new AtomicInteger();
  static final AtomicInteger incidents = new AtomicInteger();
  static final AtomicInteger cockpitRetries = new AtomicInteger();
  static final AtomicInteger callbacksReceived = new AtomicInteger();
  static final List<String> applications = new ArrayList<>();
  static long unaccounted;

  @Autowired SimulatorFaults faults;
  @Autowired TestRestTemplate rest;

  @AfterEach
  void nothingLostNothingTwice() {
    faults.reset();
    Ledgers.noLostApplication(jdbc);
    Ledgers.noDuplicateCard(jdbc);
    Ledgers.sameCardAsTheCentre(jdbc, simulator);
    unaccounted = Ledgers.unaccounted(ledger);
    assertThat(unaccounted).isZero();
  }

  @AfterAll
  static void writeFigures() {
    var f = ResilienceResults.figures();
    f.put("faults injected (failed centre calls, lost/duplicated/reordered callbacks)", faultsInjected.get());
    f.put("job executions against the centre", jobExecutions.get());
    f.put("incidents raised after the last retry", incidents.get());
    f.put("incidents retried from Cockpit (REST) and gone through", cockpitRetries.get());
    f.put("results callbacks the centre sent", callbacksReceived.get());
    f.put("applications registered", applications.size());
    f.put("applications without a result at the end", 0);
    f.put("cards made twice", 0);
    f.put("cards unaccounted (custody reconciliation)", unaccounted);
    ResilienceResults.write("city-centre-faults", "City Card Centre faults (CityCentreFaultsTest, mvn -B verify)", f);
  }

  @Test
  void anOutageIsRetriedWithBackOffBecomesAnIncidentAndGoesThroughWhenRetriedFromCockpit() {
    List<String> apps = register(2);
    faults.set(FaultSettings.failNext(1_000));
    String sub = approvedSubmission();
    Job job = submitJob(sub);

    Integer previousRetries = null;
    while (job.getRetries() > 0) {
      String id = job.getId();
      Date before = new Date();
      assertThatThrownBy(() -> execute(id)).isNotNull();
      faultsInjected.incrementAndGet();
      job = management.createJobQuery().jobId(id).singleResult();
      if (previousRetries != null) {
        assertThat(job.getRetries()).as("retries count down").isEqualTo(previousRetries - 1);
      }
      previousRetries = job.getRetries();
      if (job.getRetries() > 0) {
        // back-off: the next attempt is due later (PT10M), not at once
        assertThat(job.getDuedate()).isAfter(new Date(before.getTime() + Duration.ofMinutes(9).toMillis()));
        assertThat(management.createJobQuery().jobId(id).executable().count()).isZero();
      }
      apps.forEach(a -> assertThat(status(a)).as("rolled back, still waiting").isEqualTo("REGISTERED"));
    }
    assertThat(previousRetries).isZero();

    // the incident, as Cockpit shows it
    List<Map<String, Object>> open = incidentsOf(sub);
    assertThat(open).hasSize(1);
    assertThat(open.get(0)).containsEntry("incidentType", "failedJob").containsEntry("activityId",
        "Task_SubmitToCityCentre");
    assertThat((String) open.get(0).get("incidentMessage")).contains("503");
    incidents.incrementAndGet();

    // the centre is back; the manager retries the job in Cockpit
    faults.reset();
    var retry = rest.withBasicAuth("demo", "demo").exchange("/engine-rest/job/" + job.getId() + "/retries",
        HttpMethod.PUT, new HttpEntity<>(Map.of("retries", 1)), Void.class);
    assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(incidentsOf(sub)).isEmpty();
    cockpitRetries.incrementAndGet();
    execute(job.getId()); // what the job executor does with a job that has retries again

    finishSubmission(sub);
    apps.forEach(a -> assertThat(status(a)).isEqualTo("IN_TRANSIT"));
  }

  @Test
  void aTimeoutAfterTheCentreTookTheSubmissionMakesNoSecondCard() {
    List<String> apps = register(2);
    String sub = approvedSubmission();
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    faults.set(FaultSettings.latency(Duration.ofMillis(2_500))); // beyond read-timeout 1s
    Job job = submitJob(sub);
    assertThatThrownBy(() -> execute(job.getId())).hasStackTraceContaining("not reachable");
    faultsInjected.incrementAndGet();
    // the centre took it all the same, made the cards and called back: the application was not waiting yet
    await("the centre's callback", () -> simulator.callbackStatuses(submissionId).isPresent());
    callbacksReceived.addAndGet(simulator.callbackStatuses(submissionId).get().size());
    apps.forEach(a -> assertThat(simulator.cardOf(a)).isPresent());
    apps.forEach(a -> assertThat(status(a)).isEqualTo("REGISTERED"));
    List<String> cards = apps.stream().map(a -> simulator.cardOf(a).get().cardNumber()).toList();

    faults.reset();
    execute(job.getId()); // the retry: same submission id, same receipt, nothing made again
    apps.forEach(a -> assertThat(status(a)).isEqualTo("SUBMITTED"));
    finishSubmission(sub); // the poll timer brings the results the early callback could not deliver
    assertThat(apps.stream().map(this::cardNumber).toList()).isEqualTo(cards);
  }

  @Test
  void lostCallbacksAreRecoveredByThePollTimer() {
    List<String> apps = register(3);
    faults.set(FaultSettings.callbacks(true, false, false));
    String sub = approvedSubmission();
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    execute(submitJob(sub).getId());
    await("the centre made the cards", () -> simulator.callbackStatuses(submissionId).isPresent());
    assertThat(simulator.callbackStatuses(submissionId).get()).as("callback lost").isEmpty();
    faultsInjected.incrementAndGet();
    apps.forEach(a -> assertThat(status(a)).isEqualTo("SUBMITTED"));
    assertThat(hasTimer(sub, "Timer_PollResults")).isTrue();

    fireTimer(sub, "Timer_PollResults");
    runCountedJobs();
    assertThat(allResultsIn(sub)).isTrue();
    apps.forEach(a -> assertThat(status(a)).isEqualTo("IN_TRANSIT"));
  }

  @Test
  void repeatedAndReorderedCallbacksAreHarmless() {
    List<String> apps = register(3);
    String ineligible = applicationNumber(registerWithScan(TestApplicants.outsideGuangzhou()));
    applications.add(ineligible);
    faults.set(FaultSettings.callbacks(false, true, true));
    String sub = approvedSubmission();
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    execute(submitJob(sub).getId());
    await("the callbacks", () -> simulator.callbackStatuses(submissionId).isPresent());
    List<Integer> statuses = simulator.callbackStatuses(submissionId).get();
    // one callback per application, last one first, each sent twice: all answered 2xx
    assertThat(statuses).hasSize(8).allMatch(s -> s >= 200 && s < 300);
    callbacksReceived.addAndGet(statuses.size());
    faultsInjected.addAndGet(statuses.size() / 2 + 1);
    apps.forEach(a -> assertThat(status(a)).isEqualTo("CARD_MADE"));
    assertThat(status(ineligible)).isEqualTo("INELIGIBLE");

    finishSubmission(sub);
    apps.forEach(a -> assertThat(status(a)).isEqualTo("IN_TRANSIT"));
    apps.forEach(a -> assertThat(jdbc.queryForObject(
        "select count(*) from card_movement where kind = 'MADE' and application_number = ?", Integer.class, a))
        .isEqualTo(1));
  }

  @Test
  void halfOfTheCallsFailAndEverySubmissionStillGoesThrough() {
    List<String> all = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<String> apps = register(2);
      all.addAll(apps);
      faults.set(new FaultSettings(null, 0.5, null, null, null, null, 7L + round));
      String sub = approvedSubmission();
      String submissionId = (String) runtime.getVariable(sub, "submissionId");
      runJobsThroughFaults(sub);
      await("the callback", () -> simulator.callbackStatuses(submissionId).isPresent());
      callbacksReceived.addAndGet(simulator.callbackStatuses(submissionId).get().size());
      fireTimer(sub, "Timer_PollResults");
      runJobsThroughFaults(sub);
      faults.reset();
      runCountedJobs();
      assertThat(allResultsIn(sub)).as("submission %d has all its results", round).isTrue();
    }
    all.forEach(a -> assertThat(status(a)).isEqualTo("IN_TRANSIT"));
    deliverAll();
    all.forEach(a -> assertThat(status(a)).isEqualTo("AT_ISSUING_UNIT"));
  }

  // ---- helpers ----

  private List<String> register(int count) {
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      apps.add(applicationNumber(registerWithScan(TestApplicants.panyu())));
    }
    applications.addAll(apps);
    return apps;
  }

  /** The town and the affairs office approve; the submit job waits (the job executor is off). */
  private String approvedSubmission() {
    String sub = startTownSubmission();
    completeAsOpened(sub, "Task_TownCheck");
    completeAsOpened(sub, "Task_AffairsCheck");
    return sub;
  }

  private Job submitJob(String sub) {
    Job job = management.createJobQuery().processInstanceId(sub).activityId("Task_SubmitToCityCentre")
        .singleResult();
    assertThat(job).as("submit job of %s", sub).isNotNull();
    return job;
  }

  private void execute(String jobId) {
    jobExecutions.incrementAndGet();
    management.executeJob(jobId);
  }

  /** Results by callback (awaited), then the poll timer, then the cards' shipment to the villages. */
  private void finishSubmission(String sub) {
    String submissionId = (String) runtime.getVariable(sub, "submissionId");
    await("the callback", () -> simulator.callbackStatuses(submissionId).isPresent());
    callbacksReceived.addAndGet(simulator.callbackStatuses(submissionId).get().size());
    fireTimer(sub, "Timer_PollResults");
    runCountedJobs();
    assertThat(allResultsIn(sub)).isTrue();
  }

  /** The submission has every result: it no longer polls, its cards and its ineligible list are on their way. */
  private boolean allResultsIn(String sub) {
    return !hasTimer(sub, "Timer_PollResults") && !isWaitingAt(sub, "Task_SubmitToCityCentre");
  }

  private void runCountedJobs() {
    jobExecutions.addAndGet((int) management.createJobQuery().executable().messages().count());
    runAsyncJobs();
  }

  /**
   * Executes the instance's async jobs until none is left, as the job executor would with retries due at
   * once; a job out of retries is retried as from Cockpit.
   */
  private void runJobsThroughFaults(String sub) {
    for (int i = 0; i < 200; i++) {
      List<Job> jobs = management.createJobQuery().processInstanceId(sub).messages().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job j : jobs) {
        if (j.getRetries() == 0) {
          incidents.incrementAndGet();
          management.setJobRetries(j.getId(), 1);
          cockpitRetries.incrementAndGet();
        }
        try {
          execute(j.getId());
        } catch (RuntimeException e) {
          assertThat(e).hasStackTraceContaining("503");
          faultsInjected.incrementAndGet();
        }
      }
    }
    throw new AssertionError("jobs of " + sub + " never went through");
  }

  private List<Map<String, Object>> incidentsOf(String processInstanceId) {
    var answer = rest.withBasicAuth("demo", "demo").exchange("/engine-rest/incident?processInstanceId="
        + processInstanceId, HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() {});
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }
}
