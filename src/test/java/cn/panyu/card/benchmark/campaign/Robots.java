package cn.panyu.card.benchmark.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/**
 * Robot staff: each round they list the open tasks of every kind they know (through the engine's API, as
 * the system: no user, so no authorization checks) and complete them on a few threads with the answers a
 * clerk would give. Between rounds they run the clock's chores (the town submissions' schedule).
 */
public final class Robots implements AutoCloseable {

  /** What the robots answer to one kind of task; null variables: complete the form as it opens. */
  public record Duty(String processKey, String taskKey, Function<Task, Map<String, Object>> answer) {}

  private final TaskService tasks;
  private final List<Duty> duties;
  private final List<Runnable> chores;
  private final ExecutorService workers;
  private final Thread loop;
  private volatile boolean running = true;

  public final AtomicLong completed = new AtomicLong();
  public final AtomicLong conflicts = new AtomicLong();
  public final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

  public Robots(TaskService tasks, int threads, List<Duty> duties, List<Runnable> chores) {
    this.tasks = tasks;
    this.duties = duties;
    this.chores = chores;
    this.workers = Executors.newFixedThreadPool(threads);
    this.loop = new Thread(this::work, "robot-staff");
    loop.setDaemon(true);
    loop.start();
  }

  private void work() {
    while (running) {
      chores.forEach(Runnable::run);
      int found = 0;
      for (Duty duty : duties) {
        List<Task> open = tasks.createTaskQuery().processDefinitionKey(duty.processKey())
            .taskDefinitionKey(duty.taskKey()).active().listPage(0, 400);
        found += open.size();
        List<Callable<Void>> jobs = new ArrayList<>();
        open.forEach(t -> jobs.add(() -> {
          complete(t, duty);
          return null;
        }));
        try {
          workers.invokeAll(jobs);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (found == 0) {
        pause(1000); // as a clerk refreshes Tasklist: an idle robot must not cost more than the work
      }
    }
  }

  private void complete(Task task, Duty duty) {
    try {
      Map<String, Object> answer = duty.answer() == null ? null : duty.answer().apply(task);
      tasks.complete(task.getId(), answer);
      completed.incrementAndGet();
    } catch (OptimisticLockingException e) {
      conflicts.incrementAndGet(); // another transaction touched the instance: the task comes again next round
    } catch (RuntimeException e) {
      failures.computeIfAbsent(duty.taskKey() + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
          k -> new AtomicLong()).incrementAndGet();
    }
  }

  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    loop.join(120_000);
    workers.shutdown();
  }
}
