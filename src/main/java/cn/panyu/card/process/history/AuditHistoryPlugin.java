package cn.panyu.card.process.history;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Puts {@link AuditHistoryHandler} in place of the engine's default history event handler. The history level stays
 * {@code full} (in the database too: no migration), so every query, Cockpit and the REST API behave as before; only
 * the rows the handler leaves out are not written.
 */
@Component
@EnableConfigurationProperties(HistoryProperties.class)
public class AuditHistoryPlugin extends AbstractProcessEnginePlugin {

  private final AuditHistoryHandler handler;

  public AuditHistoryPlugin(HistoryProperties properties) {
    this.handler = new AuditHistoryHandler(properties.variableDetails() == HistoryProperties.Details.USER,
        properties.jobLog() == HistoryProperties.JobLog.FAILURES);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventHandler(handler);
  }

  public AuditHistoryHandler handler() {
    return handler;
  }
}
