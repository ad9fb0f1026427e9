package cn.panyu.card.collective;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An institution's batch as a whole: its units, its refused rows, its withdrawal, and where it stands
 * ({@code GET /api/collective-batches/{n}}); its records are kept by {@link BatchRecords}, what happens to its rows
 * along the way is in {@link BatchSubmissions}, {@link BatchFollowUps} and {@link BatchIssuing}.
 */
@Service
public class CollectiveBatches {

  /** The institution and department of a batch. */
  public record BatchUnits(OrgUnit institution, OrgUnit department) {}

  /** GET /api/collective-batches/{batchNumber}: the stage, the open steps (task names) and the rows' counts. */
  public record Summary(String batchNumber, String status, String institutionCode, Counts counts,
      List<String> openSteps, List<String> applicationNumbers) {}

  public record Counts(int accepted, int rejected, int ineligible, int made, int issued, int signed, int recovered) {}

  /** Where a batch stands as a whole; the two tracks of a running batch show in {@code openSteps}. */
  public enum Status { IN_PROGRESS, COMPLETED, WITHDRAWN, NOTHING_ACCEPTED }

  private final JdbcTemplate jdbc;
  private final BatchRecords records;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final TaskService tasks;
  private final HistoryService history;

  public CollectiveBatches(JdbcTemplate jdbc, BatchRecords records, ApplicationRepository applications,
      OrgUnitRepository units, TaskService tasks, HistoryService history) {
    this.jdbc = jdbc;
    this.records = records;
    this.applications = applications;
    this.units = units;
    this.tasks = tasks;
    this.history = history;
  }

  public BatchUnits unitsOf(String institutionCode) {
    OrgUnit institution = units.findByCode(institutionCode).filter(u -> u.type() == OrgUnitType.INSTITUTION)
        .orElseThrow(() -> new IllegalStateException("单位 " + institutionCode + " 不存在或不是机关事业单位"));
    OrgUnit department = institution.parentCode() == null ? null
        : units.findByCode(institution.parentCode()).orElse(null);
    return new BatchUnits(institution, department);
  }

  /** The institution of a staff member who uploads in Tasklist; exactly one is expected. */
  public String institutionOfUser(String userId) {
    return units.findOnlyUnitOfMember(userId, OrgUnitType.INSTITUTION).map(OrgUnit::code).orElseThrow(() ->
        new IllegalStateException("上传人 " + userId + " 不属于唯一的机关事业单位，无法确定申领单位"));
  }

  public String institutionOf(String batchNumber) {
    return records.institutionOf(batchNumber);
  }

  /** The refused rows of the intake, one line each, for the correction form. */
  public String rejectedText(String batchNumber) {
    List<String> lines = records.errors(batchNumber).stream()
        .map(e -> "第" + e.row() + "行：" + e.message() + "（" + e.reason() + "）").toList();
    return Texts.limit(String.join("\n", lines));
  }

  public int acceptedRows(String batchNumber) {
    return records.acceptedRows(batchNumber);
  }

  /** The institution withdraws the whole batch (after a return): every live row is withdrawn. */
  @Transactional
  public void withdrawBatch(String batchNumber, String actor) {
    for (String number : jdbc.queryForList("select application_number from application where batch_number = ?"
        + " and status in ('REGISTERED', 'INELIGIBLE') order by application_number", String.class, batchNumber)) {
      applications.withdraw(number, actor, "单位撤回集体申领批次");
    }
    records.markWithdrawn(batchNumber);
  }

  public Summary summary(String batchNumber) {
    BatchRecords.BatchRecord b = records.find(batchNumber);
    if (b == null) {
      return null;
    }
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    jdbc.query("select status, count(*) from application where batch_number = ? group by status",
        rs -> {
          byStatus.put(rs.getString(1), rs.getInt(2));
        }, batchNumber);
    int ineligible = jdbc.queryForObject("select count(distinct e.application_number) from application_event e"
        + " join application a on a.application_number = e.application_number"
        + " where a.batch_number = ? and e.status = 'INELIGIBLE'", Integer.class, batchNumber);
    int made = jdbc.queryForObject("select count(distinct m.card_number) from card_movement m join application a"
        + " on a.application_number = m.application_number where a.batch_number = ? and m.kind = 'MADE'",
        Integer.class, batchNumber);
    int signed = jdbc.queryForObject("""
        select count(distinct i.card_number) from handover_item i join handover h on h.handover_id = i.handover_id
          join application a on a.card_number = i.card_number
        where a.batch_number = ? and h.purpose = 'SIGN_OFF_SHEETS' and h.to_location = 'CITY_CENTRE'
          and h.status = 'RETURNED'""", Integer.class, batchNumber);
    int accepted = b.accepted();
    Counts counts = new Counts(accepted, records.rejectedRows(batchNumber), ineligible, made,
        byStatus.getOrDefault("ISSUED", 0) + byStatus.getOrDefault("ACTIVATED", 0), signed,
        byStatus.getOrDefault("RECOVERED", 0));
    String instance = b.processInstanceId();
    List<String> open = instance == null ? List.of() : tasks.createTaskQuery().processInstanceId(instance)
        .orderByTaskCreateTime().asc().list().stream().map(Task::getName).distinct().toList();
    List<String> numbers = jdbc.queryForList("select application_number from application where batch_number = ?"
        + " order by application_number", String.class, batchNumber);
    return new Summary(batchNumber, status(b.stage(), instance, accepted).name(), b.institutionCode(), counts, open,
        numbers);
  }

  private Status status(BatchRecords.Stage stored, String instance, int accepted) {
    if (stored == BatchRecords.Stage.WITHDRAWN) {
      return Status.WITHDRAWN;
    }
    boolean ended = instance != null && history.createHistoricProcessInstanceQuery().processInstanceId(instance)
        .finished().count() > 0;
    if (!ended) {
      return Status.IN_PROGRESS;
    }
    return accepted == 0 ? Status.NOTHING_ACCEPTED : Status.COMPLETED;
  }
}
