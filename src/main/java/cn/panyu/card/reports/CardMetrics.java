package cn.panyu.card.reports;

import cn.panyu.card.citycentre.CityCentreClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The campaign's metrics for Prometheus (/actuator/prometheus):
 * <ul>
 *   <li>{@code card_process_instances_running{process}} — running process instances by definition key;</li>
 *   <li>{@code card_tasks_open{process,group}} — open user tasks by definition key and candidate group (the
 *       unit; a task escalated to a second group counts under both, "-" = no candidate group);</li>
 *   <li>{@code card_incidents_open{process}} — open incidents (failed jobs, e.g. City Card Centre calls);</li>
 *   <li>{@code card_cards_overdue{unit,mode}} — cards waiting at their issuing unit beyond the COLLECTION
 *       deadline (as in GET /api/reports/progress);</li>
 *   <li>{@code card_applications{status}} and {@code card_campaign_target} — campaign progress;</li>
 *   <li>{@code card_citycentre_calls_seconds{operation,outcome}} — latency of every City Card Centre call
 *       (histogram), outcome success, refused (a business 4xx) or error (5xx, timeout, unreachable).</li>
 * </ul>
 * The gauges read a snapshot that one background thread refreshes every reports.metrics.refresh (30 s), so
 * a scrape never runs a query; every node of a cluster reports the same database-wide figures.
 */
@Component
public class CardMetrics {

  private static final Logger log = LoggerFactory.getLogger(CardMetrics.class);

  private final JdbcTemplate jdbc;
  private final ProgressReports progress;
  private final MeterRegistry registry;
  private final Duration refresh;
  private final MultiGauge instances;
  private final MultiGauge tasks;
  private final MultiGauge incidents;
  private final MultiGauge overdue;
  private final MultiGauge applications;
  private volatile ScheduledExecutorService scheduler;

  public CardMetrics(JdbcTemplate jdbc, ProgressReports progress, MeterRegistry registry,
      ReportsProperties properties, ObjectProvider<CityCentreClient> cityCentre) {
    this.jdbc = jdbc;
    this.progress = progress;
    this.registry = registry;
    this.refresh = properties.metrics().refresh();
    instances = MultiGauge.builder("card.process.instances.running").description("running process instances")
        .register(registry);
    tasks = MultiGauge.builder("card.tasks.open").description("open user tasks by candidate group").register(registry);
    incidents = MultiGauge.builder("card.incidents.open").description("open incidents").register(registry);
    overdue = MultiGauge.builder("card.cards.overdue").description("cards not collected by the deadline")
        .register(registry);
    applications = MultiGauge.builder("card.applications").description("applications by status")
        .register(registry);
    Gauge.builder("card.campaign.target", properties::target).description("cards the campaign aims at")
        .strongReference(true).register(registry);
    cityCentre.ifAvailable(client -> client.observeCalls((operation, nanos, outcome) ->
        Timer.builder("card.citycentre.calls").description("calls to the City Card Centre")
            .tags("operation", operation, "outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry).record(nanos, TimeUnit.NANOSECONDS)));
  }

  /** Once the processes and the deadlines table are deployed. */
  @EventListener(ApplicationReadyEvent.class)
  void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "card-metrics");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, refresh.toSeconds(), TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // a database hiccup must not stop the refresh thread; the gauges keep their last values
      log.warn("Refreshing the card metrics failed: {}", e.toString());
    }
  }

  /** Reads the figures behind the gauges (a few grouped queries). */
  public synchronized void refresh() {
    // every deployed process shows, with 0 when nothing runs, so that dashboards have a series to draw
    List<String> keys = jdbc.queryForList("select distinct KEY_ from ACT_RE_PROCDEF", String.class);
    instances.register(perProcess(keys, """
        select d.KEY_ as k, count(*) as c from ACT_RU_EXECUTION e join ACT_RE_PROCDEF d on d.ID_ = e.PROC_DEF_ID_
        where e.ID_ = e.PROC_INST_ID_ group by d.KEY_"""), true);
    incidents.register(perProcess(keys, """
        select coalesce(d.KEY_, '-') as k, count(*) as c from ACT_RU_INCIDENT i
        left join ACT_RE_PROCDEF d on d.ID_ = i.PROC_DEF_ID_ group by d.KEY_"""), true);
    List<MultiGauge.Row<?>> taskRows = new ArrayList<>();
    jdbc.query("""
        select d.KEY_ as k, coalesce(i.GROUP_ID_, '-') as g, count(distinct t.ID_) as c from ACT_RU_TASK t
        join ACT_RE_PROCDEF d on d.ID_ = t.PROC_DEF_ID_
        left join ACT_RU_IDENTITYLINK i on i.TASK_ID_ = t.ID_ and i.TYPE_ = 'candidate' and i.GROUP_ID_ is not null
        group by d.KEY_, i.GROUP_ID_""", rs -> {
          taskRows.add(MultiGauge.Row.of(Tags.of("process", rs.getString("k"), "group", rs.getString("g")),
              rs.getLong("c")));
        });
    tasks.register(taskRows, true);
    overdue.register(progress.overdue().byUnit().stream().<MultiGauge.Row<?>>map(u -> MultiGauge.Row.of(
        Tags.of("unit", u.unitCode(), "mode", u.mode()), u.overdue())).toList(), true);
    applications.register(rows("select status as k, count(*) as c from application group by status", "status"), true);
  }

  private List<MultiGauge.Row<?>> perProcess(List<String> keys, String sql) {
    Map<String, Long> counts = new TreeMap<>();
    keys.forEach(k -> counts.put(k, 0L));
    jdbc.query(sql, rs -> {
      counts.put(rs.getString("k"), rs.getLong("c"));
    });
    return counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("process", e.getKey()),
        e.getValue())).toList();
  }

  private List<MultiGauge.Row<?>> rows(String sql, String tag) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    jdbc.query(sql, rs -> {
      rows.add(MultiGauge.Row.of(Tags.of(tag, rs.getString("k")), rs.getLong("c")));
    });
    return rows;
  }

  MeterRegistry registry() {
    return registry;
  }
}
