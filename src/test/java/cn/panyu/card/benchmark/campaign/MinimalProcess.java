package cn.panyu.card.benchmark.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The engine's own limit on this machine, database and configuration: start → async service task → end
 * (the baseline), and start → timer → end for the timer storm. Deployed by the benchmark, registered
 * with the job executor (it acquires only jobs of deployments it knows).
 */
public final class MinimalProcess {

  public static final String ASYNC = "benchmark-minimal-async";

  private final RuntimeService runtime;
  private final HistoryService history;

  public MinimalProcess(RepositoryService repository, ManagementService management, RuntimeService runtime,
      HistoryService history) {
    this.runtime = runtime;
    this.history = history;
    BpmnModelInstance model = Bpmn.createExecutableProcess(ASYNC).name("基准：最小流程")
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_Noop").name("空操作").camundaAsyncBefore().camundaExpression("${true}")
        .endEvent()
        .done();
    String deployment = repository.createDeployment().name(ASYNC).addModelInstance(ASYNC + ".bpmn", model)
        .deploy().getId();
    management.registerDeploymentForJobExecutor(deployment);
  }

  /** Starts {@code count} instances on {@code threads} client threads; returns instances per second to the end. */
  public double rate(int count, int threads, Duration patience) throws Exception {
    long before = finished();
    long t0 = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    List<Future<?>> starts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = count / threads + (t < count % threads ? 1 : 0);
      starts.add(clients.submit(() -> {
        for (int i = 0; i < share; i++) {
          runtime.startProcessInstanceByKey(ASYNC);
        }
      }));
    }
    for (Future<?> f : starts) {
      f.get();
    }
    clients.shutdown();
    long deadline = System.nanoTime() + patience.toNanos();
    while (finished() - before < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("minimal process: " + (finished() - before) + " of " + count + " ended");
      }
      Robots.pause(100);
    }
    return count / ((System.nanoTime() - t0) / 1e9);
  }

  private long finished() {
    return history.createHistoricProcessInstanceQuery().processDefinitionKey(ASYNC).finished().count();
  }
}
