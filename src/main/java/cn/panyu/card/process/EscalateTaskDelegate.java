package cn.panyu.card.process;

import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.rules.Rules;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A task missed its deadline: the group the {@code escalation-targets} table names for the type of its unit
 * (village → its town, institution → its department, town/department/affairs office → card office, card office →
 * leaders) becomes a candidate too, so that the overdue task shows in its Tasklist, and the task's priority rises.
 * Input: {@code overdueTask}, the task definition key; optional {@code escalateTo}, a group to bring in instead
 * (a second, later escalation straight to the card office).
 */
@Component("escalateTask")
public class EscalateTaskDelegate implements JavaDelegate {

  static final String TARGETS = "escalation-targets";
  static final String PARENT_UNIT = "PARENT_UNIT";

  private final TaskService taskService;
  private final OrgUnitRepository units;
  private final Notifications notifications;
  private final Rules rules;

  public EscalateTaskDelegate(TaskService taskService, OrgUnitRepository units, Notifications notifications,
      Rules rules) {
    this.rules = rules;
    this.taskService = taskService;
    this.units = units;
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = (String) execution.getVariable("overdueTask");
    for (Task task : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(key).list()) {
      Object to = execution.getVariable("escalateTo");
      String supervisor = to != null ? to.toString() : supervisorGroup(task);
      taskService.addCandidateGroup(task.getId(), supervisor);
      taskService.setPriority(task.getId(), Math.max(task.getPriority(), 80));
      Object number = execution.getVariable("applicationNumber");
      if (number != null) {
        notifications.recordForStaff(number.toString(), Notifications.TASK_ESCALATED,
            "任务“" + task.getName() + "”超时未办，已上报 " + supervisor + " 督办");
      }
    }
  }

  /** The escalation-targets table says who, by the type of the task's unit; PARENT_UNIT is the unit above. */
  private String supervisorGroup(Task task) {
    for (var link : taskService.getIdentityLinksForTask(task.getId())) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        var unit = units.findByGroupId(link.getGroupId());
        if (unit.isPresent()) {
          String target = rules.evaluate(TARGETS, Map.of("unitType", unit.get().type().name()))
              .getSingleResult().getEntry("escalateTo");
          if (!PARENT_UNIT.equals(target)) {
            return target;
          }
          String parent = unit.get().parentCode();
          return parent == null ? OrgUnit.CARD_OFFICE_CODE
              : units.findByCode(parent).map(OrgUnit::groupId).orElse(OrgUnit.CARD_OFFICE_CODE);
        }
      }
    }
    return OrgUnit.CARD_OFFICE_CODE;
  }
}
