package cn.panyu.card.process;

import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A task missed its deadline: the unit above its candidate group (village → town, town → card office,
 * institution → department, department → card office, card office → leaders) becomes a candidate too, so
 * that the overdue task shows in its Tasklist, and the task's priority rises. Input: {@code overdueTask},
 * the task definition key; optional {@code escalateTo}, a group to bring in instead (a second, later
 * escalation straight to the card office).
 */
@Component("escalateTask")
public class EscalateTaskDelegate implements JavaDelegate {

  private final TaskService taskService;
  private final OrgUnitRepository units;
  private final Notifications notifications;

  public EscalateTaskDelegate(TaskService taskService, OrgUnitRepository units, Notifications notifications) {
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

  private String supervisorGroup(Task task) {
    for (var link : taskService.getIdentityLinksForTask(task.getId())) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        var unit = units.findByGroupId(link.getGroupId());
        if (unit.isPresent()) {
          String parent = unit.get().parentCode();
          if (parent != null) {
            return units.findByCode(parent).map(OrgUnit::groupId).orElse(OrgUnit.CARD_OFFICE_CODE);
          }
          // towns, departments and the affairs office answer to the card office; the card office to the leaders
          return unit.get().code().equals(OrgUnit.CARD_OFFICE_CODE) ? OrgUnit.LEADERS_GROUP : OrgUnit.CARD_OFFICE_CODE;
        }
      }
    }
    return OrgUnit.CARD_OFFICE_CODE;
  }
}
