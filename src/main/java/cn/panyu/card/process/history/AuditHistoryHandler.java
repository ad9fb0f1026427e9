package cn.panyu.card.process.history;

import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricJobLogEventEntity;

/**
 * Which history rows the engine writes (issue 18): everything of history level full that Cockpit and the audit
 * read — instances, activities, tasks and who was offered and who claimed them, the last value of every variable,
 * incidents, decisions, comments, attachments and the user operation log (who did what, when) — but not the
 * engine's own chatter:
 * <ul>
 *   <li>{@code ACT_HI_DETAIL}: a variable's every intermediate value is kept only when a person set it (a form
 *       submitted, a value changed in Cockpit: the change belongs to a user operation, {@code ACT_HI_OP_LOG} says
 *       who); what delegates and the engine set on their own is in {@code ACT_HI_VARINST}, last value only;</li>
 *   <li>{@code ACT_HI_JOB_LOG}: failures only (what an incident's history needs); the creation, success and deletion
 *       of every async continuation and timer are not logged.</li>
 * </ul>
 * The values in the rows that are written are shaped before they come here, by the history event producer
 * ({@code cn.panyu.card.security.PersonalDataHistoryProducer} masks personal data): producer and handler are the two
 * halves of one history policy, configured under {@code card.history} and {@code card.security}.
 */
public class AuditHistoryHandler extends DbHistoryEventHandler {

  private volatile boolean userVariableDetailsOnly;
  private volatile boolean jobFailuresOnly;

  public AuditHistoryHandler(boolean userVariableDetailsOnly, boolean jobFailuresOnly) {
    this.userVariableDetailsOnly = userVariableDetailsOnly;
    this.jobFailuresOnly = jobFailuresOnly;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (jobFailuresOnly && event instanceof HistoricJobLogEventEntity && !event.isEventOfType(HistoryEventTypes.JOB_FAIL)) {
      return;
    }
    super.handleEvent(event);
  }

  @Override
  protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
    return super.shouldWriteHistoricDetail(event) && (!userVariableDetailsOnly || event.getUserOperationId() != null);
  }

  /** The benchmarks compare both ways in one run; the application sets it once from its configuration. */
  public void configure(boolean userVariableDetailsOnly, boolean jobFailuresOnly) {
    this.userVariableDetailsOnly = userVariableDetailsOnly;
    this.jobFailuresOnly = jobFailuresOnly;
  }

  public boolean userVariableDetailsOnly() {
    return userVariableDetailsOnly;
  }

  public boolean jobFailuresOnly() {
    return jobFailuresOnly;
  }
}
