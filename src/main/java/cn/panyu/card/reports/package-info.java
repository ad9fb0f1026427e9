/**
 * Reports: where the campaign stands, for the District Card Office and the leading group.
 *
 * <h2>HTTP API (HTTP Basic with the Camunda users)</h2>
 * <ul>
 *   <li>{@code GET /api/reports/progress} — target 616,000; applied, made, issued, activated, ineligible,
 *       withdrawn; by town, department, institution and mode; overdue cards by unit
 *       ({@link cn.panyu.card.reports.ProgressReport} says what each count means).</li>
 *   <li>{@code GET /api/reports/subsidy?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=json|csv|xlsx]} — cards issued in
 *       the period (the ISSUED event of each application; both days inclusive) per town and village, and per
 *       department for collective applications, times {@code reports.subsidy.amount-per-card} (a placeholder of
 *       5.00 元 until the finance bureau's figure is configured). A town's group reads its own town.</li>
 *   <li>{@code GET /api/reports/custody} — the custody reconciliation (cn.panyu.card.custody).</li>
 *   <li>{@code GET /api/reports/bulletins}, {@code GET /api/reports/bulletins/{id}},
 *       {@code GET /api/reports/bulletins/{id}/xlsx}, {@code GET /api/reports/bulletins/{id}/chart.png},
 *       {@code POST /api/reports/bulletins} (build one now); the page {@code /reports/bulletins.html}.</li>
 * </ul>
 * Everything but a town's own subsidy basis is for the groups district-card-office, leaders and camunda-admin.
 *
 * <h2>Overdue cards</h2>
 * A card is overdue when its application has been AT_ISSUING_UNIT (since that status's event) longer than
 * the COLLECTION escalation period of its mode in processes/deadlines.dmn. Chosen over counting open overdue
 * tasks because collective cards have no task per card; both modes are counted the same way.
 *
 * <h2>The progress bulletin (processes/progress-bulletin.bpmn)</h2>
 * A timer start event whose cycle is {@code ${bulletinSchedule.cycle()}} = {@code reports.bulletin.cycle}
 * (default every Monday 08:00; the engine resolves the bean at deployment — tested — and keeps the resolved
 * cycle in the timer job, so a changed value takes effect when the model is next deployed); a message start event
 * {@code BulletinRequested} for a bulletin on demand, which the API and the tiny process
 * {@code progress-bulletin-request} (startable in Tasklist by the card office) send. The service task builds
 * the XLSX (总体进度, 分镇街, 分部门, 补助测算) and the PNG chart ({@link cn.panyu.card.reports.BulletinChart},
 * Java2D, a CJK font where installed) into the document table; the card office reviews it (发布 or 退回重新生成,
 * due and escalated per the BULLETIN_REVIEW row of deadlines.dmn); publishing lists it.
 *
 * <h2>Metrics</h2>
 * {@link cn.panyu.card.reports.CardMetrics} lists the metric names. /actuator/* except health needs HTTP
 * Basic with {@code reports.metrics.scrape-user} / {@code scrape-password} (env METRICS_SCRAPE_PASSWORD;
 * empty = closed). docker/compose.yaml runs Prometheus and Grafana with the dashboard
 * docker/grafana/dashboards/card-issuance.json.
 */
package cn.panyu.card.reports;
