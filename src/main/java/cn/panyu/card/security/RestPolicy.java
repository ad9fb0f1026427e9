package cn.panyu.card.security;

import java.util.List;
import java.util.Set;

/**
 * Which of the engine's REST resources a member of staff (not an administrator) may use at all, found from
 * what Tasklist, Cockpit and the Welcome page of Camunda 7.23 call (their scripts' {@code camAPI.resource(...)}
 * and {@code engine://engine/:engine/...} paths). Reads are filtered by the engine's authorizations on top of
 * this; writes are the Tasklist's and are checked further by {@link EngineRestGuard}. Everything else — message
 * correlation, signals, job and incident actions, deployments, modifications and migrations, process variables,
 * users, groups and grants, history clean-up — is for administrators.
 */
final class RestPolicy {

  private RestPolicy() {}

  /** Resources staff may read (GET), as Tasklist and Cockpit do. */
  static final Set<String> READABLE = Set.of("", "version", "identity", "user", "group", "task", "filter",
      "process-definition", "decision-definition", "decision-requirements-definition", "case-definition",
      "case-instance", "case-execution", "process-instance", "execution", "variable-instance", "history",
      "incident", "job", "job-definition", "batch", "deployment", "external-task", "metrics", "authorization");

  /** Queries that take their filter as a POST body: {@code POST /x} and {@code POST /x/count}. */
  static final Set<String> POST_QUERIES = Set.of("task", "process-instance", "execution", "variable-instance",
      "job", "external-task");

  /** History queries that take a POST body: {@code POST /history/x} and {@code POST /history/x/count}. */
  static final Set<String> POST_HISTORY_QUERIES = Set.of("process-instance", "activity-instance",
      "variable-instance", "task", "detail", "incident", "decision-instance", "user-operation", "job-log",
      "external-task-log", "identity-link-log", "case-instance", "case-activity-instance", "batch");

  /** Tasklist's actions on a task that set no variables: {@code POST /task/{id}/x}. */
  static final Set<String> TASK_ACTIONS = Set.of("claim", "unclaim", "assignee", "delegate");

  /** Completions: {@code POST /task/{id}/x} with {@code variables}. */
  static final Set<String> TASK_COMPLETIONS = Set.of("complete", "submit-form", "resolve");

  /** Task variable resources: {@code /task/{id}/x[/name[/data]]}. */
  static final Set<String> TASK_VARIABLES = Set.of("variables", "localVariables");

  /** Starts: {@code POST /process-definition/.../x}. */
  static final Set<String> STARTS = Set.of("start", "submit-form");

  /** What a start's body may hold besides what a form offers (Tasklist's start dialog sends a business key). */
  static final Set<String> START_BODY = Set.of("variables", "businessKey", "withVariablesInReturn");

  /** Reading under {@code authorization} is limited to the webapps' permission check. */
  static final List<String> AUTHORIZATION_READS = List.of("check");
}
