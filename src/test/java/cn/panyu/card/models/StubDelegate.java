package cn.panyu.card.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Stands in for one bean that a model calls by {@code camunda:delegateExpression} (a service task, a message throw
 * event, a task or execution listener): it records where it was called and gives the answers a test set up, in
 * order; the last answer repeats. Without answers it does nothing.
 */
public final class StubDelegate implements JavaDelegate, TaskListener, ExecutionListener {

  /** What the stub does when called: sets variables, throws a BPMN error, fails. */
  @FunctionalInterface
  public interface Answer {
    void apply(VariableScope scope) throws Exception;
  }

  private final String name;
  private final List<String> calls = new ArrayList<>();
  private final List<Answer> answers = new ArrayList<>();

  StubDelegate(String name) {
    this.name = name;
  }

  /** The answers of the next calls, in order; the last one repeats. */
  public StubDelegate answers(Answer... next) {
    answers.clear();
    answers.addAll(Arrays.asList(next));
    return this;
  }

  /** The activity ids (task definition keys for a task listener) of the calls so far, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    calls.add(execution.getCurrentActivityId());
    answer(execution);
  }

  @Override
  public void notify(DelegateExecution execution) throws Exception {
    execute(execution);
  }

  @Override
  public void notify(DelegateTask task) {
    calls.add(task.getTaskDefinitionKey());
    try {
      answer(task);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(VariableScope scope) throws Exception {
    if (answers.isEmpty()) {
      return;
    }
    int call = calls.size() - 1;
    answers.get(Math.min(call, answers.size() - 1)).apply(scope);
  }

  @Override
  public String toString() {
    return "stub of ${" + name + "}";
  }

  // ------------------------------------------------------------------------------------------------ answers

  /** Sets variables (name, value, name, value, ...) where the real bean would: visible to the whole instance. */
  public static Answer set(String name, Object value, Object... more) {
    if (more.length % 2 != 0) {
      throw new IllegalArgumentException("name/value pairs expected");
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(name, value);
    for (int i = 0; i < more.length; i += 2) {
      variables.put((String) more[i], more[i + 1]);
    }
    return scope -> variables.forEach(scope::setVariable);
  }

  /** Sets a variable local to the calling execution (a multi-instance body's own flag, say). */
  public static Answer setLocal(String name, Object value) {
    return scope -> scope.setVariableLocal(name, value);
  }

  /** The business answer "no": a BPMN error that the model catches. */
  public static Answer bpmnError(String errorCode, String message) {
    return scope -> {
      throw new BpmnError(errorCode, message);
    };
  }

  /** A technical failure (an outage): the engine retries the job and in the end raises an incident. */
  public static Answer failure(String message) {
    return scope -> {
      throw new IllegalStateException(message);
    };
  }
}
