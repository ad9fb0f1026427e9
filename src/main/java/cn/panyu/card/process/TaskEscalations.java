package cn.panyu.card.process;

import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.rules.Deadlines;
import cn.panyu.card.rules.Rules;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Escalation, one mechanism for every user task of every model: a task carries a follow-up date
 * ({@code camunda:followUpDate="${deadlines.escalationDate('STEP')}"}, from {@code deadlines.dmn}); the
 * {@code task-escalation} sweep brings in the unit above the one answerable for an open task past that date, as
 * {@code escalation-targets.dmn} names it (village → town → card office → leaders, institution → department →
 * card office → leaders), raises its priority, notes it on the task, and sets the next follow-up date, if the table
 * gives one, for the level after.
 */
@Service("taskEscalations")
public class TaskEscalations {

  static final String TARGETS = "escalation-targets";
  static final String PARENT_UNIT = "PARENT_UNIT";

  private final TaskService tasks;
  private final IdentityService identity;
  private final OrgUnitRepository units;
  private final Rules rules;
  private final Notifications notifications;
  private final Deadlines deadlines;
  private final String sweepCycle;
  private final Clock clock;

  public TaskEscalations(TaskService tasks, IdentityService identity, OrgUnitRepository units, Rules rules,
      Notifications notifications, Deadlines deadlines, @Value("${escalation.sweep-cycle:R/PT30M}") String sweepCycle,
      Clock clock) {
    this.clock = clock;
    this.identity = identity;
    this.deadlines = deadlines;
    this.tasks = tasks;
    this.units = units;
    this.rules = rules;
    this.notifications = notifications;
    this.sweepCycle = sweepCycle;
  }

  /** The sweep's timer cycle (read when task-escalation.bpmn is deployed). */
  public String sweepCycle() {
    return sweepCycle;
  }

  /**
   * Escalates at most {@code limit} tasks past their follow-up date, oldest first.
   *
   * @return whether more are due (the model runs another round, in a transaction of its own)
   */
  @Transactional
  public boolean escalateDue(int limit) {
    Date now = Date.from(clock.instant());
    for (Task task : tasks.createTaskQuery().followUpBefore(now).orderByFollowUpDate().asc().listPage(0, limit)) {
      escalate(task, now);
    }
    return tasks.createTaskQuery().followUpBefore(now).count() > 0;
  }

  private void escalate(Task task, Date now) {
    Optional<OrgUnit> answerable = answerableUnit(task);
    DmnDecisionResultEntries target = answerable.isEmpty() ? null
        : rules.evaluate(TARGETS, Map.of("unitType", answerable.get().type().name())).getFirstResult();
    String group = target == null ? null
        : groupAbove(answerable.get(), (String) target.getEntryMap().get("escalateTo"));
    if (group == null) { // nobody above: the leaders have it
      task.setFollowUpDate(null);
      tasks.saveTask(task);
      return;
    }
    Object thenAfter = target.getEntryMap().get("thenAfter"); // an empty cell is no entry at all
    task.setFollowUpDate(thenAfter == null || thenAfter.toString().isBlank() ? null
        : deadlines.workingAfter(now, thenAfter.toString()));
    task.setPriority(Math.max(task.getPriority(), 80));
    tasks.saveTask(task); // before the candidate group, which raises the task's revision
    tasks.addCandidateGroup(task.getId(), group);
    String note = "任务“" + task.getName() + "”超时未办，已上报 " + nameOf(group) + " 督办";
    if (task.getProcessInstanceId() != null) {
      tasks.createComment(task.getId(), task.getProcessInstanceId(), note);
    }
    Object number = tasks.getVariable(task.getId(), "applicationNumber");
    if (number != null) {
      notifications.recordForStaff(number.toString(), Notifications.TASK_ESCALATED, note);
    }
  }

  /**
   * Of the units whose groups may work the task, the highest: the one the last escalation brought in. A task given
   * to one person only (a re-upload for its uploader) is answered by that person's unit.
   */
  private Optional<OrgUnit> answerableUnit(Task task) {
    List<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(l -> l.getGroupId()).toList();
    if (groups.isEmpty() && task.getAssignee() != null) {
      groups = identity.createGroupQuery().groupMember(task.getAssignee()).list().stream().map(Group::getId).toList();
    }
    if (groups.contains(OrgUnit.LEADERS_GROUP)) {
      return Optional.empty();
    }
    return groups.stream().map(units::findByGroupId).flatMap(Optional::stream)
        .max((a, b) -> Integer.compare(level(a.type()), level(b.type())));
  }

  private String groupAbove(OrgUnit unit, String escalateTo) {
    if (escalateTo == null || escalateTo.isBlank()) {
      return null;
    }
    if (!PARENT_UNIT.equals(escalateTo)) {
      return escalateTo;
    }
    return Optional.ofNullable(unit.parentCode()).flatMap(units::findByCode).map(OrgUnit::groupId)
        .orElse(OrgUnit.CARD_OFFICE_CODE);
  }

  private String nameOf(String group) {
    return units.findByGroupId(group).map(OrgUnit::name)
        .orElse(OrgUnit.LEADERS_GROUP.equals(group) ? "区领导小组" : group);
  }

  private static int level(OrgUnitType type) {
    return switch (type) {
      case VILLAGE, INSTITUTION -> 0;
      case TOWN, DEPARTMENT, DISTRICT_AFFAIRS_OFFICE -> 1;
      case DISTRICT_CARD_OFFICE -> 2;
    };
  }
}
