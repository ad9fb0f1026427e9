package cn.panyu.card.benchmark.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU seconds spent so far by the application's JVM (its own process) and by the PostgreSQL server (the postmaster,
 * its live children and those that ended), without the harness's own database sessions. On a shared machine the
 * wall clock measures the neighbours too; CPU per unit of work does not.
 */
public final class CpuClock {

  private static final double TICK = 100.0; // USER_HZ on Linux

  private final long application;
  private final long postmaster;
  private final Set<Long> excluded = ConcurrentHashMap.newKeySet();

  /** The CPU seconds of the application and of PostgreSQL at one moment. */
  public record Cpu(double application, double postgres) {
    public Cpu minus(Cpu o) {
      return new Cpu(application - o.application, postgres - o.postgres);
    }

    public double total() {
      return application + postgres;
    }
  }

  public CpuClock(long applicationPid, long anyBackendPid) {
    this.application = applicationPid;
    this.postmaster = parentOf(anyBackendPid);
  }

  /** A backend of the harness: its CPU is not the application's (it must stay connected while measuring). */
  public void exclude(long backendPid) {
    excluded.add(backendPid);
  }

  public Cpu now() {
    double[] app = times(application);
    return new Cpu(app[0] + app[1], postgresSeconds());
  }

  public long postmasterPid() {
    return postmaster;
  }

  private double postgresSeconds() {
    double[] own = times(postmaster);
    double sum = own[0] + own[1] + own[2] + own[3];
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != postmaster && !excluded.contains(pid) && parentOf(pid) == postmaster) {
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
  private static double[] times(long pid) {
    String[] f = stat(pid);
    if (f == null) {
      return new double[4];
    }
    return new double[] {Long.parseLong(f[11]) / TICK, Long.parseLong(f[12]) / TICK, Long.parseLong(f[13]) / TICK,
        Long.parseLong(f[14]) / TICK};
  }

  private static long parentOf(long pid) {
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
