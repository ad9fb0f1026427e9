package cn.panyu.card.engine;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.impl.VariableMapImpl;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A process variable's name and type in one place, so that a renamed or retyped variable is one edit and a call site
 * needs no cast. Values come back as the declared type: the engine keeps what was written (an {@code Integer} where a
 * form or a service wrote an int, a {@code Double} from a DMN table), so numbers are converted between their kinds.
 */
public final class ProcessVariable<T> {

  private final String name;
  private final Class<T> type;

  private ProcessVariable(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  public static <T> ProcessVariable<T> of(String name, Class<T> type) {
    return new ProcessVariable<>(name, type);
  }

  @SuppressWarnings("unchecked")
  public static <E> ProcessVariable<List<E>> listOf(String name, Class<E> element) {
    return new ProcessVariable<>(name, (Class<List<E>>) (Class<?>) List.class);
  }

  public String name() {
    return name;
  }

  /** The value, which the step needs: its absence is a fault of the model or of an earlier step. */
  public T get(VariableScope scope) {
    return required(getOrNull(scope));
  }

  /** The value, or null where the model allows none (an optional form field, a value not yet written). */
  public T getOrNull(VariableScope scope) {
    // a file is read as its typed value (name, MIME type); a file field left empty holds a value without content
    if (type == FileValue.class) {
      TypedValue file = scope.getVariableTyped(name);
      return file instanceof FileValue f && f.getValue() != null ? type.cast(f) : null;
    }
    return convert(scope.getVariable(name));
  }

  /** The value in a map of variables (a task's, an instance's, a form's submission), which must hold it. */
  public T from(Map<String, ?> variables) {
    return required(convert(variables.get(name)));
  }

  public void set(VariableScope scope, T value) {
    scope.setVariable(name, value);
  }

  /** On this scope only: parallel branches or sub-process instances do not share it. */
  public void setLocal(VariableScope scope, T value) {
    scope.setVariableLocal(name, value);
  }

  /** For this transaction only: read by the next gateway or listener, never stored or shown in history. */
  public void setTransient(VariableScope scope, T value) {
    scope.setVariable(name, Variables.untypedValue(value, true));
  }

  public void remove(VariableScope scope) {
    scope.removeVariable(name);
  }

  /** A new variable map with this value, for a start, a completion or a correlation; {@link Values#and} adds more. */
  public Values with(T value) {
    return new Values().and(this, value);
  }

  public VariableMap putIn(VariableMap variables, T value) {
    return variables.putValue(name, value);
  }

  private T required(T value) {
    if (value == null) {
      throw new IllegalStateException("Process variable '" + name + "' is missing");
    }
    return value;
  }

  private T convert(Object value) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof Number n) {
      if (type == Double.class) {
        return type.cast(n.doubleValue());
      }
      if (type == Long.class || type == Integer.class) {
        // a count typed as 2.7 is refused, not rounded down
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Long.MAX_VALUE) {
          throw new IllegalStateException("Process variable '" + name + "' is " + n + ", not a whole number");
        }
        long whole = n.longValue();
        if (type == Long.class) {
          return type.cast(whole);
        }
        if (whole != (int) whole) {
          throw new IllegalStateException("Process variable '" + name + "' is " + n + ", too large for an Integer");
        }
        return type.cast((int) whole);
      }
    }
    // a code a form or an API sent as a number is still the code
    if (type == String.class && (value instanceof Number || value instanceof Boolean)) {
      return type.cast(value.toString());
    }
    throw new IllegalStateException("Process variable '" + name + "' is a " + value.getClass().getSimpleName()
        + ", not a " + type.getSimpleName());
  }

  /** Variables for a start, a completion or a correlation, each added by its typed variable. */
  public static final class Values extends VariableMapImpl {

    public <V> Values and(ProcessVariable<V> variable, V value) {
      putValue(variable.name(), value);
      return this;
    }
  }
}
