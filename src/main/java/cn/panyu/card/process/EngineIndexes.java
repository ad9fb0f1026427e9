package cn.panyu.card.process;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes (and a storage setting) the engine's PostgreSQL schema lacks, found by the benchmarks (src/benchmark/): without them a
 * storm of 100,000 collection timers drains at a third of the speed, job acquisition turns into a full
 * scan of ACT_RU_JOB once it holds the hundreds of thousands of timers a campaign leaves waiting, and every
 * Tasklist page scans all authorizations. Made after the engine has created or checked its schema (a Flyway
 * migration may run before the engine's tables exist), concurrently so that a live database keeps working
 * meanwhile.
 */
@Component
public class EngineIndexes extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

  static final Map<String, String> POSTGRES = Map.of(
      // a timer that cancels a user task makes the engine look for its subtasks (camunda/camunda#36824)
      "card_idx_ru_task_parent", "act_ru_task (parent_task_id_)",
      // acquisition skips instances with a locked exclusive job: a look among the few locked jobs only
      "card_idx_ru_job_locked", "act_ru_job (lock_exp_time_) where lock_owner_ is not null",
      // acquisition looks for due jobs among the campaign's waiting timers (reminders, deadlines: one or two
      // per card issued): without it a full scan, 465 ms per acquisition at 630,000 timers
      // (src/benchmark/campaign-results.md), with it a bitmap scan of the due ones, 0.3 ms
      "card_idx_ru_job_duedate", "act_ru_job (duedate_)",
      // every authorized list (Tasklist's pages, Cockpit's) joins the grants of "this user or '*' or his
      // groups": the engine indexes GROUP_ID_ but not USER_ID_, so PostgreSQL scans all grants (600,000 at
      // 100,000 open tasks) instead of a bitmap OR of the two indexes
      "card_idx_ru_auth_user", "act_ru_authorization (user_id_)");

  /**
   * Storage settings of the engine's tables. Tasklist's list (a unit's candidate tasks, newest first, 15 of them):
   * priced as a parallel scan, a walk through all open tasks by creation time looked cheaper to PostgreSQL than
   * reading the unit's own few hundred tasks, and read 12,932 tasks for a village's 15 at 100,000 open tasks, the
   * workers never starting on a busy 2-core machine; with the tasks read serially it then read the village's
   * candidate links by a parallel scan of all 100,000 links (10 ms of the list's 20) instead of their index
   * (src/benchmark/storm-tasklist-results.md). Only these two tables: the reports keep their parallel scans of the
   * application's tables.
   */
  static final Map<String, String> POSTGRES_TABLES = Map.of("act_ru_task", "parallel_workers = 0",
      "act_ru_identitylink", "parallel_workers = 0");

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
        .getProcessEngineConfiguration();
    if (!"postgres".equals(configuration.getDatabaseType())) {
      return; // H2 is the demo's database: it never holds a campaign
    }
    JdbcTemplate jdbc = new JdbcTemplate(configuration.getDataSource());
    POSTGRES.forEach((name, definition) -> {
      try {
        jdbc.execute("create index concurrently if not exists " + name + " on " + definition);
      } catch (RuntimeException e) {
        // another node making the same index at the same moment: it will be there
        log.warn("索引 {} 未能创建：{}", name, e.getMessage());
      }
    });
    POSTGRES_TABLES.forEach((table, setting) -> {
      try {
        jdbc.execute("alter table " + table + " set (" + setting + ")");
      } catch (RuntimeException e) {
        log.warn("表 {} 的设置 {} 未能生效：{}", table, setting, e.getMessage());
      }
    });
  }
}
