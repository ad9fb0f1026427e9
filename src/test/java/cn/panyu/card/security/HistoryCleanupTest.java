package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.individual.IndividualSteps;
import cn.panyu.card.org.InstanceAccess;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * History clean-up (issue 20): the engine schedules its clean-up job in the configured window (01:00–05:00),
 * and a run after an ended instance's time to live (180 days) removes its history and its per-instance grants,
 * while a running instance's history stays.
 */
@H2Test
class HistoryCleanupTest extends IndividualSteps {

  @Autowired InstanceAccess instanceAccess;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void theCleanUpJobWaitsForItsWindow() {
    List<Job> jobs = history.findHistoryCleanupJobs();
    assertThat(jobs).isNotEmpty();
    for (Job job : jobs) {
      LocalTime due = LocalDateTime.ofInstant(job.getDuedate().toInstant(), ZoneId.systemDefault()).toLocalTime();
      assertThat(due).as("due %s", job.getDuedate()).isBetween(LocalTime.of(1, 0), LocalTime.of(5, 0));
    }
  }

  @Test
  void anEndedInstancesHistoryGoesAfterItsTimeToLiveARunningOnesStays() {
    String ended = start(registrationForm("12345", "POLICE", null));
    // as a registered application's instance has them: the town's and the card office's READ grants
    instanceAccess.grantRead(ended, VILLAGE);
    complete(ended, "Task_CorrectRegistration", Map.of("correctionAction", "ABANDON"));
    assertThat(isEnded(ended)).isTrue();
    String running = registerInTasklist(TestApplicants.panyu(), "POLICE", null);
    HistoricProcessInstance endedHistory = history.createHistoricProcessInstanceQuery().processInstanceId(ended)
        .singleResult();
    assertThat(endedHistory.getRemovalTime()).as("removal time = end + 180 days").isAfter(
        Date.from(endedHistory.getEndTime().toInstant().plusSeconds(179L * 24 * 3600)));
    assertThat(rows(ended)).isPositive();
    assertThat(grants(ended)).isPositive();

    // the night after the time to live has passed, inside the window
    LocalDateTime night = LocalDate.ofInstant(endedHistory.getRemovalTime().toInstant(), ZoneId.systemDefault())
        .plusDays(1).atTime(2, 0);
    ClockUtil.setCurrentTime(Date.from(night.atZone(ZoneId.systemDefault()).toInstant()));
    // other test classes share the database: the clean-up works through their ended instances too, a batch of
    // each table a run
    for (int run = 0; run < 200 && rows(ended) + grants(ended) > 0; run++) {
      for (Job job : history.findHistoryCleanupJobs()) {
        management.executeJob(job.getId());
      }
    }

    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(ended).count()).isZero();
    assertThat(rows(ended)).as("history rows of the ended instance").isZero();
    assertThat(grants(ended)).as("its per-instance grants").isZero();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(running).count()).isOne();
    assertThat(rows(running)).isPositive();
  }

  private int rows(String pi) {
    int n = 0;
    for (String table : List.of("act_hi_procinst", "act_hi_actinst", "act_hi_varinst", "act_hi_detail",
        "act_hi_taskinst", "act_hi_identitylink", "act_hi_op_log")) {
      n += jdbc.queryForObject("select count(*) from " + table + " where root_proc_inst_id_ = ?", Integer.class, pi);
    }
    return n;
  }

  private int grants(String pi) {
    return jdbc.queryForObject("select count(*) from act_ru_authorization where resource_id_ = ?", Integer.class, pi);
  }
}
