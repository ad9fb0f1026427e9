package cn.panyu.card.citycentre;

import cn.panyu.card.personaldata.Masking;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void messagesToTheCentreShowOnlyTheEndsInLogs() {
    assertThat(Masking.idNumber("440113199003071235")).isEqualTo("4401**********1235");
    assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    assertThat(TestApplicants.police("A1", "440113199003071235").toString())
        .doesNotContain("440113199003071235").doesNotContain("13812345678");
  }
}
