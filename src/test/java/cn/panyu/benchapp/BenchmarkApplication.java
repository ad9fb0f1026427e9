package cn.panyu.benchapp;

import cn.panyu.card.CardIssuanceApplication;
import org.springframework.boot.SpringApplication;

/**
 * The application as the campaign benchmark runs it: {@link CardIssuanceApplication} unchanged, plus
 * {@link BenchEndpoints} (setup and the engine's own baseline, never measured as the application's work).
 * Started in a JVM of its own by {@code cn.panyu.card.benchmark.campaign.Processes}, so that its CPU time is the
 * application's alone: the robots, the clients and the City Card Centre simulator run in other processes.
 *
 * <p>Lives outside {@code cn.panyu.card} so that the application's component scan never finds it, and only this
 * package is put on the application's class path (not the test classes, whose test doubles the scan would pick).
 */
public final class BenchmarkApplication {

  private BenchmarkApplication() {}

  public static void main(String[] args) {
    SpringApplication.run(new Class<?>[] {CardIssuanceApplication.class, BenchEndpoints.class, RequestProfile.class}, args);
  }
}
