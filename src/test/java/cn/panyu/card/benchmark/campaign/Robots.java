package cn.panyu.card.benchmark.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Robot staff: each unit with open tasks is visited by its clerk, who works through the first page of 本单位待办 in
 * Tasklist's way ({@link Tasklist}): over the engine's REST API as that user, with the engine's authorizations and the
 * application's REST guard in force. Which units have work the robots learn from the harness ({@code groupsWithWork}),
 * as a clerk hears there is some; everything they do is a user's request.
 */
public final class Robots implements AutoCloseable {

  private static final int PAGE = 15;
  /**
   * A clerk looks at Tasklist at most this often ({@code -Dcampaign.visit-interval}, seconds), unless the last look
   * left a full page: clerks work through what has come in, a few times a day in production, not each task the
   * moment it appears (every look costs the list and the count).
   */
  public static final int VISIT_INTERVAL = Integer.getInteger("campaign.visit-interval", 30);

  private final Tasklist tasklist;
  private final Supplier<List<String>> groupsWithWork;
  private final Tasklist.Answer answer;
  private final ExecutorService clerks;
  private final Thread dispatcher;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  /** Per group: when its clerk may look again (nanoTime). */
  private final Map<String, Long> nextVisit = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private final List<Runnable> chores;

  public final AtomicLong completed = new AtomicLong();
  public final AtomicLong visits = new AtomicLong();
  public final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  public final Map<String, AtomicLong> byTask = new ConcurrentHashMap<>();

  public Robots(Tasklist tasklist, int threads, Supplier<List<String>> groupsWithWork, Tasklist.Answer answer,
      List<Runnable> chores) {
    this.tasklist = tasklist;
    this.groupsWithWork = groupsWithWork;
    this.answer = answer;
    this.chores = chores;
    this.clerks = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "robot-clerk");
      t.setDaemon(true);
      return t;
    });
    this.dispatcher = new Thread(this::dispatch, "robot-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  private void dispatch() {
    while (running) {
      try {
        chores.forEach(Runnable::run);
        long now = System.nanoTime();
        for (String group : groupsWithWork.get()) {
          String clerk = District.clerkOfGroup(group);
          if (clerk != null && now >= nextVisit.getOrDefault(group, 0L) && busy.add(group)) {
            clerks.submit(() -> {
              try {
                int seen = visit(clerk);
                nextVisit.put(group, seen >= PAGE ? 0L : System.nanoTime() + VISIT_INTERVAL * 1_000_000_000L);
              } finally {
                busy.remove(group);
              }
            });
          }
        }
      } catch (RuntimeException e) {
        fail("dispatcher", e);
      }
      pause(500);
    }
  }

  /** One look at Tasklist and the work of its first page; the tasks it listed. */
  private int visit(String clerk) {
    visits.incrementAndGet();
    List<JsonNode> page;
    try {
      page = tasklist.myUnitPage(clerk, PAGE);
    } catch (RuntimeException e) {
      fail("list " + clerk.replaceAll("[0-9]+", "#"), e);
      return 0;
    }
    for (JsonNode task : page) {
      String key = task.path("taskDefinitionKey").asText();
      try {
        tasklist.work(clerk, task, answer);
        completed.incrementAndGet();
        byTask.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      } catch (Rest.Failed e) {
        // a task another transaction changed meanwhile (an optimistic-locking conflict) comes again next visit
        fail(key + ": " + e.status + " " + e.getMessage().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>")
            .replaceAll("[0-9]{6,}", "#"), e);
      } catch (RuntimeException e) {
        fail(key + ": " + e, e);
      }
    }
    return page.size();
  }

  private void fail(String what, RuntimeException e) {
    String k = what.length() > 300 ? what.substring(0, 300) : what;
    failures.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
  }

  public long failureCount() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
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
    dispatcher.join(60_000);
    clerks.shutdownNow();
  }
}
