package cn.panyu.card.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks say of the machine they ran on: the machine is shared, so its load goes with every figure. */
final class Machine {

  private Machine() {}

  /** The 1-minute load average. */
  static String loadAverage() {
    String all = loadAverages();
    return all.contains("/") ? all.substring(0, all.indexOf('/')) : all;
  }

  /** The 1-, 5- and 15-minute load averages, as 1/5/15. */
  static String loadAverages() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** CPU model, cores, JVM heap, Java and PostgreSQL versions: the head of every results line "machine". */
  static String describe(String postgresVersion) {
    return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, JVM max heap "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MB, Java " + System.getProperty("java.version")
        + ", PostgreSQL " + postgresVersion;
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
