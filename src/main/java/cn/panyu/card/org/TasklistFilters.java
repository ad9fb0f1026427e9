package cn.panyu.card.org;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters every unit shares. They hold expressions, not names, so one filter serves all
 * units: Tasklist evaluates {@code currentUserGroups()} for whoever looks. What a user sees through
 * a filter is further limited by the engine's authorizations (the candidate-group grants per task).
 */
@Component
public class TasklistFilters {

  public static final String MY_UNIT = "本单位待办";
  public static final String MINE = "我的任务";
  public static final String OVERDUE = "逾期任务";

  private final FilterService filterService;
  private final TaskService taskService;

  public TasklistFilters(FilterService filterService, TaskService taskService) {
    this.filterService = filterService;
    this.taskService = taskService;
  }

  /** Creates the filters that do not exist yet (by name), updates the others, returns the ids of all of them. */
  public List<String> ensureFilters() {
    List<String> ids = new ArrayList<>();
    ids.add(ensure(MY_UNIT, -10, "#2b7de9", "本单位(候选组)的全部待办任务,含已被同事认领的",
        () -> taskService.createTaskQuery()
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks()));
    ids.add(ensure(MINE, -5, "#3c9d4e", "我已认领的任务",
        () -> taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}")));
    ids.add(ensure(OVERDUE, 0, "#d9534f", "已过到期时间仍未办结的任务",
        () -> taskService.createTaskQuery().dueBeforeExpression("${now()}")));
    return ids;
  }

  /** The ids of the shared filters (for granting READ), creating them if one is missing. */
  public List<String> filterIds() {
    List<String> ids = new ArrayList<>();
    for (String name : List.of(MY_UNIT, MINE, OVERDUE)) {
      List<Filter> found = filterService.createTaskFilterQuery().filterName(name).list();
      if (found.isEmpty()) {
        return ensureFilters();
      }
      ids.add(found.get(0).getId());
    }
    return ids;
  }

  private String ensure(String name, int priority, String color, String description, Supplier<TaskQuery> query) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("description", description);
    properties.put("refresh", true);
    // an existing filter is brought up to date with this definition: the code owns the shared filters
    List<Filter> existing = filterService.createTaskFilterQuery().filterName(name).list();
    Filter filter = existing.isEmpty() ? filterService.newTaskFilter(name) : existing.get(0);
    filter.setQuery(query.get());
    filter.setProperties(properties);
    return filterService.saveFilter(filter).getId();
  }
}
