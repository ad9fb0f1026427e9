package cn.panyu.card.engine;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

/** Who is acting in a step: the user Tasklist or the REST API authenticated, or the system (a timer, a job). */
public final class Actors {

  public static final String SYSTEM = "system";

  private Actors() {}

  /** The user who completed the task or made the call before this step, or {@link #SYSTEM}. */
  public static String actor(DelegateExecution e) {
    String user = user(e.getProcessEngineServices().getIdentityService().getCurrentAuthentication());
    return user == null ? SYSTEM : user;
  }

  /** The user completing the task, or its assignee when the engine completes it. */
  public static String actor(DelegateTask task) {
    String user = user(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication());
    return user == null ? task.getAssignee() : user;
  }

  /** The authenticated user of this step, or null when the system acts. */
  public static String user(DelegateExecution e) {
    return user(e.getProcessEngineServices().getIdentityService().getCurrentAuthentication());
  }

  private static String user(Authentication auth) {
    return auth == null ? null : auth.getUserId();
  }
}
