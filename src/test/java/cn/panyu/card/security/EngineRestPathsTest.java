package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the guard reads a path of either door (no server needed). */
class EngineRestPathsTest {

  @Test
  void bothDoorsAndTheNamedEngineReadAlike() {
    List<String> expected = List.of("task", "42", "complete");
    assertThat(EngineRestGuard.segments("/engine-rest/task/42/complete")).isEqualTo(expected);
    assertThat(EngineRestGuard.segments("/engine-rest/engine/default/task/42/complete")).isEqualTo(expected);
    assertThat(EngineRestGuard.segments("/camunda/api/engine/engine/default/task/42/complete")).isEqualTo(expected);
    assertThat(EngineRestGuard.segments("/engine-rest//task/42/complete/")).isEqualTo(expected);
    // the engine list, which every webapp asks for first
    assertThat(EngineRestGuard.segments("/camunda/api/engine/engine/")).isEmpty();
    assertThat(EngineRestGuard.segments("/engine-rest/engine")).isEmpty();
    // an encoded variable name is the name
    assertThat(EngineRestGuard.segments("/engine-rest/task/1/variables/%E5%A7%93%E5%90%8D"))
        .containsExactly("task", "1", "variables", "姓名");
  }

  @Test
  void aMatrixParameterIsRefused() {
    assertThatThrownBy(() -> EngineRestGuard.segments("/engine-rest/task/1;a=b/complete"))
        .isInstanceOf(EngineRestGuard.Refused.class);
  }

  @Test
  void aReadOnlyValueIsTheSameAsShown() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(StepWrites.same(json.readTree("5"), 5)).isTrue();
    assertThat(StepWrites.same(json.readTree("5.0"), 5L)).isTrue();
    assertThat(StepWrites.same(json.readTree("\"20.00\""), 20.0)).isTrue();
    assertThat(StepWrites.same(json.readTree("\"\""), null)).isTrue();
    assertThat(StepWrites.same(json.readTree("null"), "")).isTrue();
    assertThat(StepWrites.same(json.readTree("\"SUB-1\""), "SUB-1")).isTrue();
    assertThat(StepWrites.same(json.readTree("\"SUB-2\""), "SUB-1")).isFalse();
    assertThat(StepWrites.same(json.readTree("6"), 5)).isFalse();
    assertThat(StepWrites.same(json.readTree("\"x\""), null)).isFalse();
  }
}
