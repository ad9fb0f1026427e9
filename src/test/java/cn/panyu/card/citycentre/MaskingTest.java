package cn.panyu.card.citycentre;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void showsOnlyTheEnds() {
    assertThat(Masking.idNumber("440113199003071235")).isEqualTo("440113********1235");
    assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    assertThat(Masking.idNumber("123")).isEqualTo("***");
    assertThat(Masking.phone(null)).isNull();
    assertThat(TestApplicants.police("A1", "440113199003071235").toString())
        .doesNotContain("440113199003071235").doesNotContain("13812345678");
  }
}
