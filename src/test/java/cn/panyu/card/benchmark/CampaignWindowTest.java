package cn.panyu.card.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.benchmark.CampaignBenchmark.Window;
import org.junit.jupiter.api.Test;

/** The campaign benchmark's rule for a steady window: a ratio from a burst or a lull does not count as a goal met. */
class CampaignWindowTest {

  @Test
  void aWindowIsSteadyWhenBothHalvesSeeAboutTheSameRate() {
    assertThat(window(1000, 1100).steady()).isTrue();
    assertThat(window(1000, 760).steady()).isTrue();
    assertThat(window(1000, 700).steady()).isFalse();
    assertThat(window(3308, 0).steady()).as("the last stop's collective window: everything in its first half")
        .isFalse();
    assertThat(window(0, 0).steady()).as("nothing came to rest").isFalse();
    assertThat(window(3308, 0).steadiness()).contains("NOT steady").contains("27.6 and 0.0/s");
  }

  private static Window window(double firstHalf, double secondHalf) {
    return new Window("collective", 240, null, 0, (long) (firstHalf + secondHalf), 0,
        new double[] {firstHalf, secondHalf}, null, null, 0, null, 0, null, 0, 0, null, null);
  }
}
