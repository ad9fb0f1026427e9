package cn.panyu.card.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The campaign as its people see it: the whole application (demo units and users, the City Card Centre
 * simulator in-process, the job executor on so that asynchronous steps and callbacks run by themselves)
 * driven through Tasklist, the forms and Cockpit in a real headless Chromium in Chinese. The scenarios
 * are in src/test/browser/e2e.mjs (Playwright); screenshots go to target/browser-screenshots/.
 *
 * <p>Needs the build's Node and the browser project's node_modules (both installed by {@code mvn
 * generate-test-resources}, see the pom) and /usr/bin/chromium (.ci/run installs it). Locally it can be left out with
 * {@code -Dsurefire.excludedGroups=benchmark,browser}. Takes about two minutes on two cores.
 */
@Tag("browser")
@Tag("own-jvm") // the job executor runs: no other context may share its JVM
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    // in a JVM of its own: the engine is "default", as the webapps expect it in production
    properties = {"camunda.bpm.job-execution.enabled=true", "camunda.bpm.generate-unique-process-engine-name=false"})
@ActiveProfiles({"demo", "test"})
class BrowserEndToEndTest {

  private static final Path PROJECT = Path.of("src/test/browser").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target/browser-screenshots").toAbsolutePath();
  private static final String CHROMIUM = System.getProperty("chromium", "/usr/bin/chromium");
  /** The build's Node (surefire passes its path); the one on the PATH when run from an IDE. */
  private static final String NODE = System.getProperty("node", "node");

  @LocalServerPort
  int port;

  @Test
  void scenariosPassInChromium() throws Exception {
    assertThat(new File(CHROMIUM).canExecute()).as("%s (apt-get install chromium fonts-noto-cjk)", CHROMIUM).isTrue();
    // this run's screenshots only (other browser tests keep theirs in subfolders, e.g. status/)
    for (Path old : List.of(SCREENSHOTS, SCREENSHOTS.resolve("uploads"))) {
      if (Files.isDirectory(old)) {
        try (var files = Files.list(old)) {
          files.filter(Files::isRegularFile).map(Path::toFile).forEach(File::delete);
        }
      }
    }
    Files.createDirectories(SCREENSHOTS);

    assertThat(PROJECT.resolve("node_modules/playwright-core"))
        .as("playwright-core, installed by the build (mvn generate-test-resources)").isDirectory();

    Run scenarios = run(Duration.ofMinutes(8), NODE, "e2e.mjs",
        "--base-url", "http://localhost:" + port,
        "--out", SCREENSHOTS.toString(),
        "--chromium", CHROMIUM);
    // the failing scenario goes into the failure message itself: CI often shows only the summary
    assertThat(scenarios.exitValue())
        .as("browser scenarios (screenshots in %s):%n%s", SCREENSHOTS, scenarios.failures())
        .isZero();
  }

  private record Run(int exitValue, String output) {

    /** The scenario log's "not ok" entries with their indented error lines, or the log's end. */
    String failures() {
      List<String> lines = output.lines().toList();
      List<String> failing = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("not ok")) {
          failing.add(lines.get(i));
          for (int j = i + 1; j < lines.size() && j <= i + 12 && lines.get(j).startsWith("    "); j++) {
            failing.add(lines.get(j));
          }
        }
      }
      List<String> shown = failing.isEmpty() ? lines.subList(Math.max(0, lines.size() - 20), lines.size()) : failing;
      return String.join("\n", shown);
    }
  }

  /** Runs a command in the node project, echoing its output (the scenario log) into the test output. */
  private static Run run(Duration timeout, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("browser-test", ".log");
    List<String> line = new ArrayList<>(List.of(command));
    Process process = new ProcessBuilder(line)
        .directory(PROJECT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("$ " + String.join(" ", command));
    System.out.println(output);
    Files.deleteIfExists(log);
    assertThat(finished).as("%s finished within %s", String.join(" ", command), timeout).isTrue();
    return new Run(process.exitValue(), output);
  }
}
