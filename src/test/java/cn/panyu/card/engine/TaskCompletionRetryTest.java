package cn.panyu.card.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Which commands the engine tries again after an optimistic-locking error, and how often. */
class TaskCompletionRetryTest {

  private final AtomicInteger attempts = new AtomicInteger();
  private final TaskCompletionRetry.Retry retry = new TaskCompletionRetry.Retry();

  @AfterEach
  void noTransaction() {
    TransactionSynchronizationManager.setActualTransactionActive(false);
  }

  @Test
  void aCompletionThatCollidesOnceSucceedsOnItsSecondAttempt() {
    failing(1);
    retry.execute(new CompleteTaskCmd("t", null));
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aFormSubmissionIsTriedAtMostThreeTimes() {
    failing(5);
    assertThatThrownBy(() -> retry.execute(new SubmitTaskFormCmd("t", null, false, false)))
        .isInstanceOf(OptimisticLockingException.class);
    assertThat(attempts).hasValue(TaskCompletionRetry.ATTEMPTS);
  }

  @Test
  void otherCommandsAndCompletionsInsideACallersTransactionAreNotTriedAgain() {
    failing(1);
    assertThatThrownBy(() -> retry.execute(new ClaimTaskCmd("t", "u"))).isInstanceOf(OptimisticLockingException.class);
    assertThat(attempts).hasValue(1);

    failing(1);
    TransactionSynchronizationManager.setActualTransactionActive(true);
    assertThatThrownBy(() -> retry.execute(new CompleteTaskCmd("t", null)))
        .isInstanceOf(OptimisticLockingException.class);
    assertThat(attempts).hasValue(1);
  }

  /** The rest of the engine: fails the first {@code times} attempts with an optimistic-locking error. */
  private void failing(int times) {
    attempts.set(0);
    retry.setNext(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        if (attempts.incrementAndGet() <= times) {
          throw new OptimisticLockingException("ENGINE-03005 concurrently");
        }
        return null;
      }
    });
  }
}
