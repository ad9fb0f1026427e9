package cn.panyu.card.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A clerk completing a task at the moment the engine works on the same instance (a job ending a branch beside the
 * task: a batch's sheets arriving at the City Centre while its institution records the next day's issuing) meets
 * an optimistic-locking error, and Tasklist would show it as HTTP 500 for the clerk to submit again. The engine
 * tries such a completion again instead, in a new transaction, a few times (whatever the other transaction was: a
 * job, or another user completing the same task, who then gets "task not found"); jobs are tried again by the job
 * executor already. Only a completion that is its own transaction is tried again (Tasklist's, the REST API's): one
 * inside a caller's transaction is the caller's to handle. Safe because everything a completion does synchronously
 * is in that transaction: every call to the City Card Centre and every notification runs in a job of its own.
 */
@Component
public class TaskCompletionRetry extends AbstractProcessEnginePlugin {

  static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(TaskCompletionRetry.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> pre = new ArrayList<>();
    if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
      pre.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
    }
    pre.add(new Retry()); // before the transaction interceptor: each attempt is a transaction of its own
    configuration.setCustomPreCommandInterceptorsTxRequired(pre);
  }

  static class Retry extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      boolean completion = command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd;
      if (!completion || TransactionSynchronizationManager.isActualTransactionActive()) {
        return next.execute(command);
      }
      for (int attempt = 1; ; attempt++) {
        try {
          return next.execute(command);
        } catch (OptimisticLockingException e) {
          if (attempt == ATTEMPTS) {
            throw e;
          }
          LOG.info("task completion met a concurrent change of its instance, trying again ({} of {}): {}",
              attempt + 1, ATTEMPTS, e.getMessage());
        }
      }
    }
  }
}
