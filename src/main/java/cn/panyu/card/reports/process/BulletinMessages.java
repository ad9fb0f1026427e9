package cn.panyu.card.reports.process;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** The engine end of a bulletin asked for through the API: progress-bulletin's message start. */
@Component
public class BulletinMessages {

  private final RuntimeService runtime;

  public BulletinMessages(RuntimeService runtime) {
    this.runtime = runtime;
  }

  /** @return the id of the progress-bulletin instance that builds it */
  public String requested(String userId) {
    return runtime.createMessageCorrelation(ProgressBulletinProcess.MESSAGE_REQUESTED)
        .setVariables(ProgressBulletinProcess.REQUESTED_BY.with(userId))
        .correlateStartMessage().getId();
  }
}
