package cn.panyu.card.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.core.variable.CoreVariableInstance;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.core.variable.scope.SimpleVariableInstance;
import org.camunda.bpm.engine.impl.core.variable.scope.VariableInstanceFactory;
import org.camunda.bpm.engine.impl.core.variable.scope.VariableInstanceLifecycleListener;
import org.camunda.bpm.engine.impl.core.variable.scope.VariableStore;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.Test;

class ProcessVariableTest {

  static final ProcessVariable<String> NUMBER = ProcessVariable.of("applicationNumber", String.class);
  static final ProcessVariable<Long> COUNT = ProcessVariable.of("count", Long.class);
  static final ProcessVariable<Integer> SMALL_COUNT = ProcessVariable.of("smallCount", Integer.class);
  static final ProcessVariable<Boolean> VALID = ProcessVariable.of("valid", Boolean.class);
  static final ProcessVariable<FileValue> SCAN = ProcessVariable.of("scan", FileValue.class);
  static final ProcessVariable<List<String>> IDS = ProcessVariable.listOf("ids", String.class);

  final Scope scope = new Scope();

  @Test
  void readsWhatWasWritten() {
    NUMBER.set(scope, "A-1");
    IDS.set(scope, List.of("S-1", "S-2"));
    assertThat(NUMBER.get(scope)).isEqualTo("A-1");
    assertThat(IDS.get(scope)).containsExactly("S-1", "S-2");
    assertThat(NUMBER.name()).isEqualTo("applicationNumber");
  }

  @Test
  void aMissingVariableIsNamedOrNullWhereAbsenceIsLegal() {
    assertThatThrownBy(() -> NUMBER.get(scope)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'applicationNumber' is missing");
    assertThat(NUMBER.getOrNull(scope)).isNull();
    assertThatThrownBy(() -> COUNT.from(Map.of())).hasMessageContaining("'count' is missing");
  }

  @Test
  void numbersComeBackAsTheDeclaredKind() {
    scope.setVariable("count", 3);
    scope.setVariable("smallCount", 4L);
    scope.setVariable("applicationNumber", 20130808L);
    assertThat(COUNT.get(scope)).isEqualTo(3L);
    assertThat(SMALL_COUNT.get(scope)).isEqualTo(4);
    assertThat(NUMBER.get(scope)).isEqualTo("20130808");
    assertThat(COUNT.from(Map.of("count", 5))).isEqualTo(5L);
    assertThat(COUNT.from(Map.of("count", 6.0))).isEqualTo(6L);
  }

  @Test
  void aCountIsNeverRoundedNorCut() {
    assertThatThrownBy(() -> COUNT.from(Map.of("count", 2.7)))
        .hasMessage("Process variable 'count' is 2.7, not a whole number");
    assertThatThrownBy(() -> SMALL_COUNT.from(Map.of("smallCount", 5_000_000_000L)))
        .hasMessage("Process variable 'smallCount' is 5000000000, too large for an Integer");
  }

  @Test
  void aValueOfAnotherTypeIsNamedWithBothTypes() {
    scope.setVariable("valid", "yes");
    assertThatThrownBy(() -> VALID.get(scope)).hasMessage("Process variable 'valid' is a String, not a Boolean");
  }

  @Test
  void aFileFieldLeftEmptyIsNoFile() {
    scope.setVariable("scan", Variables.fileValue("登记表.pdf").create());
    assertThat(SCAN.getOrNull(scope)).isNull();
    SCAN.set(scope, Variables.fileValue("登记表.pdf").file("%PDF".getBytes()).create());
    assertThat(SCAN.get(scope).getFilename()).isEqualTo("登记表.pdf");
    SCAN.remove(scope);
    assertThat(scope.hasVariable("scan")).isFalse();
  }

  @Test
  void localAndTransientValues() {
    SMALL_COUNT.setLocal(scope, 7);
    VALID.setTransient(scope, true);
    assertThat(scope.getVariableLocal("smallCount")).isEqualTo(7);
    assertThat(VALID.get(scope)).isTrue();
    assertThat(scope.getVariableTyped("valid").isTransient()).isTrue();
  }

  @Test
  void variableMapsForStartsAndCompletions() {
    var variables = NUMBER.with("A-1").and(COUNT, 2L);
    VALID.putIn(variables, false);
    assertThat(variables).isEqualTo(Map.of("applicationNumber", "A-1", "count", 2L, "valid", false));
    assertThat(NUMBER.from(variables)).isEqualTo("A-1");
  }

  /** A variable scope without an engine: values held as they were written. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static class Scope extends AbstractVariableScope {
    private final VariableStore<SimpleVariableInstance> store = new VariableStore<>();

    @Override
    protected VariableStore<CoreVariableInstance> getVariableStore() {
      return (VariableStore) store;
    }

    @Override
    protected VariableInstanceFactory<CoreVariableInstance> getVariableInstanceFactory() {
      return (VariableInstanceFactory) SimpleVariableInstance.SimpleVariableInstanceFactory.INSTANCE;
    }

    @Override
    protected List<VariableInstanceLifecycleListener<CoreVariableInstance>> getVariableInstanceLifecycleListeners() {
      return List.of();
    }

    @Override
    public AbstractVariableScope getParentVariableScope() {
      return null;
    }
  }
}
