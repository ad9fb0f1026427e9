package cn.panyu.benchapp;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.org.UnitProvisioning;
import cn.panyu.card.process.history.AuditHistoryHandler;
import cn.panyu.card.process.history.AuditHistoryPlugin;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the campaign benchmark needs inside the application's JVM and nothing a user does: a synthetic district
 * (units, groups, grants and one clerk per unit, made by the application's own provisioning), the minimal process
 * (start → async service task → end, started in-process as before, the engine's own limit) and the CPU time of
 * the application's threads by group. Reached without authentication: it exists only in the benchmark's build.
 */
@RestController
@RequestMapping("/bench")
public class BenchEndpoints {

  public static final String PASSWORD = "bench";
  public static final String MINIMAL = "benchmark-minimal-async";
  static final int VILLAGES_PER_TOWN = 19;
  static final int DEPARTMENTS = 10;
  static final int INSTITUTIONS_PER_DEPARTMENT = 30;

  private final UnitProvisioning provisioning;
  private final OrgUnitRepository units;
  private final IdentityService identity;
  private final RepositoryService repository;
  private final ManagementService management;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final ProcessEngine engine;
  private final Environment environment;
  private final ObjectProvider<AuditHistoryPlugin> auditHistory;

  public BenchEndpoints(UnitProvisioning provisioning, OrgUnitRepository units, IdentityService identity,
      RepositoryService repository, ManagementService management, RuntimeService runtime, HistoryService history,
      ProcessEngine engine, Environment environment, ObjectProvider<AuditHistoryPlugin> auditHistory) {
    this.provisioning = provisioning;
    this.units = units;
    this.identity = identity;
    this.repository = repository;
    this.management = management;
    this.runtime = runtime;
    this.history = history;
    this.engine = engine;
    this.environment = environment;
    this.auditHistory = auditHistory;
  }

  /**
   * The 16 real towns with 19 villages each, 10 departments with 30 institutions each, one clerk (user
   * {@code clerk-<code>}) per unit and one each for the card office and the affairs office. Idempotent.
   */
  @PostMapping("/district")
  public Map<String, Object> district() {
    List<Map<String, String>> villages = new ArrayList<>();
    List<Map<String, String>> institutions = new ArrayList<>();
    List<String> towns = new ArrayList<>();
    for (OrgUnit town : units.findByType(OrgUnitType.TOWN)) {
      towns.add(town.code());
      clerk(town);
      for (int v = 1; v <= VILLAGES_PER_TOWN; v++) {
        String code = town.code() + String.format("8%02d", v);
        OrgUnit village = new OrgUnit(code, town.name() + "基准村" + v, OrgUnitType.VILLAGE, town.code(),
            OrgUnit.groupIdOf(OrgUnitType.VILLAGE, code));
        provisioning.ensureUnit(village, false);
        clerk(village);
        villages.add(Map.of("code", code, "town", town.code()));
      }
    }
    for (int d = 1; d <= DEPARTMENTS; d++) {
      String code = String.format("bd%02d", d);
      OrgUnit department = new OrgUnit(code, "基准职能部门" + d, OrgUnitType.DEPARTMENT, null,
          OrgUnit.groupIdOf(OrgUnitType.DEPARTMENT, code));
      provisioning.ensureUnit(department, false);
      clerk(department);
      for (int i = 1; i <= INSTITUTIONS_PER_DEPARTMENT; i++) {
        String inst = code + String.format("i%02d", i);
        OrgUnit institution = new OrgUnit(inst, "基准单位" + d + "-" + i, OrgUnitType.INSTITUTION, code,
            OrgUnit.groupIdOf(OrgUnitType.INSTITUTION, inst));
        provisioning.ensureUnit(institution, false);
        clerk(institution);
        institutions.add(Map.of("code", inst, "department", code));
      }
    }
    for (OrgUnitType office : List.of(OrgUnitType.DISTRICT_CARD_OFFICE, OrgUnitType.DISTRICT_AFFAIRS_OFFICE)) {
      units.findByType(office).forEach(this::clerk);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("towns", towns);
    d.put("villages", villages);
    d.put("institutions", institutions);
    d.put("password", PASSWORD);
    return d;
  }

  private void clerk(OrgUnit unit) {
    String user = "clerk-" + unit.code();
    if (identity.createUserQuery().userId(user).count() == 0) {
      User u = identity.newUser(user);
      u.setFirstName("办事员");
      u.setLastName(unit.name());
      u.setPassword(PASSWORD);
      identity.saveUser(u);
    }
    provisioning.ensureMembership(user, unit.groupId());
  }

  /** Deploys the minimal process once and registers it with the job executor. */
  @PostMapping("/minimal/deploy")
  public Map<String, Object> deployMinimal() {
    BpmnModelInstance model = Bpmn.createExecutableProcess(MINIMAL).name("基准：最小流程")
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_Noop").name("空操作").camundaAsyncBefore().camundaExpression("${true}")
        .endEvent()
        .done();
    String deployment = repository.createDeployment().name(MINIMAL).addModelInstance(MINIMAL + ".bpmn", model)
        .enableDuplicateFiltering(true).deploy().getId();
    management.registerDeploymentForJobExecutor(deployment);
    return Map.of("deployment", deployment);
  }

  /**
   * Starts {@code count} minimal instances on {@code threads} threads and waits until all have ended; the seconds
   * from the first start to the last end.
   */
  @PostMapping("/minimal/run")
  public Map<String, Object> runMinimal(@RequestParam int count, @RequestParam(defaultValue = "2") int threads)
      throws Exception {
    long before = finishedMinimal();
    long t0 = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    List<Future<?>> starts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = count / threads + (t < count % threads ? 1 : 0);
      starts.add(clients.submit(() -> {
        for (int i = 0; i < share; i++) {
          runtime.startProcessInstanceByKey(MINIMAL);
        }
      }));
    }
    for (Future<?> f : starts) {
      f.get();
    }
    clients.shutdown();
    long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000;
    while (finishedMinimal() - before < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("minimal process: " + (finishedMinimal() - before) + " of " + count + " ended");
      }
      Thread.sleep(100);
    }
    return Map.of("count", count, "seconds", (System.nanoTime() - t0) / 1e9);
  }

  private long finishedMinimal() {
    return history.createHistoricProcessInstanceQuery().processDefinitionKey(MINIMAL).finished().count();
  }

  /** CPU nanoseconds of the live threads, by thread name with its numbers taken out (a pool is one group). */
  @GetMapping("/threads")
  public Map<String, Long> threads() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new TreeMap<>();
    for (var info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = bean.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        groups.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
      }
    }
    return groups;
  }

  /**
   * Switches a lever for the next phase of a run, so that its effect is measured in the same run: what the history
   * handler writes ({@code ALL}/{@code USER} variable details, {@code ALL}/{@code FAILURES} job log) and the job
   * executor's acquisition.
   */
  @PostMapping("/settings")
  public Map<String, Object> settings(@RequestParam(required = false) String historyDetails,
      @RequestParam(required = false) String jobLog, @RequestParam(required = false) Integer maxJobsPerAcquisition,
      @RequestParam(required = false) Integer waitTimeInMillis) {
    AuditHistoryPlugin plugin = auditHistory.getIfAvailable();
    if (plugin != null && (historyDetails != null || jobLog != null)) {
      AuditHistoryHandler h = plugin.handler();
      h.configure(historyDetails == null ? h.userVariableDetailsOnly() : "USER".equals(historyDetails),
          jobLog == null ? h.jobFailuresOnly() : "FAILURES".equals(jobLog));
    }
    JobExecutor je = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (maxJobsPerAcquisition != null) {
      je.setMaxJobsPerAcquisition(maxJobsPerAcquisition);
    }
    if (waitTimeInMillis != null) {
      je.setWaitTimeInMillis(waitTimeInMillis);
    }
    return engine();
  }

  /** Requests and their threads' CPU nanoseconds so far, per kind of request ({@link RequestProfile}). */
  @GetMapping("/requests")
  public Map<String, long[]> requests() {
    return RequestProfile.snapshot();
  }

  /** The engine's settings, for the record of a run. */
  @GetMapping("/engine")
  public Map<String, Object> engine() {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    JobExecutor je = config.getJobExecutor();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("historyLevel", config.getHistoryLevel().getName());
    d.put("historyEventHandler", config.getHistoryEventHandler().getClass().getSimpleName());
    if (config.getHistoryEventHandler() instanceof AuditHistoryHandler h) {
      d.put("variableDetails", h.userVariableDetailsOnly() ? "USER" : "ALL");
      d.put("jobLog", h.jobFailuresOnly() ? "FAILURES" : "ALL");
    }
    d.put("jobExecutor", je.getClass().getSimpleName());
    if (je instanceof SpringJobExecutor spring && spring.getTaskExecutor() instanceof ThreadPoolTaskExecutor pool) {
      d.put("threads", pool.getCorePoolSize() + "–" + pool.getMaxPoolSize() + ", queue " + pool.getQueueCapacity());
    }
    d.put("maxJobsPerAcquisition", je.getMaxJobsPerAcquisition());
    d.put("waitTimeInMillis", je.getWaitTimeInMillis());
    d.put("lockTimeInMillis", je.getLockTimeInMillis());
    d.put("preferTimerJobs", config.isJobExecutorPreferTimerJobs());
    d.put("acquireByDueDate", config.isJobExecutorAcquireByDueDate());
    d.put("pool", environment.getProperty("spring.datasource.hikari.maximum-pool-size"));
    return d;
  }
}
