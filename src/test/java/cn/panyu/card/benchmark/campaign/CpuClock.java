package cn.panyu.card.benchmark.campaign;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds spent so far by this JVM and by the PostgreSQL server (its postmaster, the backends alive now
 * and those that ended). On a shared machine the wall clock measures the neighbours too; CPU per unit of
 * work does not.
 */
public final class CpuClock {

  private final long postmaster;
  private final double tick = 100.0; // USER_HZ on Linux

  public CpuClock(long backendPid) {
    this.postmaster = parentOf(backendPid);
  }

  public double jvmSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  public double postgresSeconds() {
    double[] own = times(postmaster);
    double sum = own[0] + own[1] + own[2] + own[3];
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != postmaster && parentOf(pid) == postmaster) {
          double[] t = times(pid);
          sum += t[0] + t[1];
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return sum;
  }

  /** utime, stime, cutime, cstime in seconds; zeros for a process that is gone. */
  private double[] times(long pid) {
    String[] f = stat(pid);
    if (f == null) {
      return new double[4];
    }
    return new double[] {Long.parseLong(f[11]) / tick, Long.parseLong(f[12]) / tick, Long.parseLong(f[13]) / tick,
        Long.parseLong(f[14]) / tick};
  }

  private long parentOf(long pid) {
    String[] f = stat(pid);
    return f == null ? -1 : Long.parseLong(f[1]);
  }

  /** The fields of /proc/pid/stat after the command name (field 3 of the man page is index 0). */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
