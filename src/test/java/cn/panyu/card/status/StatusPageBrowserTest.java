package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The status page in a real Chromium: one application at each status is looked up through the page
 * (src/test/browser/status-page.spec.mjs), which checks the words shown and saves a screenshot of each in
 * target/browser-screenshots/status. Needs the build's Node and the browser project's node_modules (both installed
 * by {@code mvn generate-test-resources}, see the pom) and Chromium.
 */
@H2Test
@Tag("browser")
class StatusPageBrowserTest {

  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path SPEC = BROWSER_DIR.resolve("status-page.spec.mjs");
  private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
  /** The build's Node (surefire passes its path); the one on the PATH when run from an IDE. */
  private static final String NODE = System.getProperty("node", "node");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired StatusRateLimiter limiter;
  @Autowired CustodyLedger ledger;
  @Autowired OrgUnitRepository units;

  StatusTestData data;
  List<Map<String, Object>> cases = new ArrayList<>();

  @BeforeEach
  void setUp() {
    data = new StatusTestData(jdbc, units);
    // the page asks a dozen times from one address within a minute: a clock that moves a window on at each
    // question keeps the limits out of this test (they have their own tests)
    limiter.clear();
    limiter.setClock(new SteppingClock(Duration.ofHours(2)));
  }

  @AfterEach
  void restoreLimiter() {
    limiter.clear();
    limiter.setClock(Clock.systemUTC());
  }

  @Test
  void anApplicantLooksUpAnApplicationAtEachStatus() throws Exception {
    assertThat(commandWorks(NODE, "--version")).as("node at " + NODE).isTrue();
    assertThat(new File(CHROMIUM).canExecute()).as("Chromium at " + CHROMIUM).isTrue();
    assertThat(BROWSER_DIR.resolve("node_modules/playwright-core"))
        .as("playwright-core, installed by the build (mvn generate-test-resources)").isDirectory();
    String village = units.findByCode(StatusTestData.VILLAGE).orElseThrow().name();

    add("registered", ApplicationStatus.REGISTERED, null, "已受理", village);
    add("submitted", ApplicationStatus.SUBMITTED, null, "等待市社保卡管理中心审核", "审核制卡");
    add("rejected", ApplicationStatus.REJECTED, null, "资料需要更正", "您需要做什么");
    add("ineligible-no-police-photo", ApplicationStatus.INELIGIBLE, "NO_POLICE_PHOTO", "暂不能制卡",
        "不能制卡的原因", "无法调取公安照片", "指定照相馆", "回执");
    add("ineligible-has-financial-card", ApplicationStatus.INELIGIBLE, "HAS_FINANCIAL_CARD", "暂不能制卡",
        "无需重复申领");
    add("card-made", ApplicationStatus.CARD_MADE, null, "社保卡已制成", "卡片位置", "市社保卡管理中心");
    add("in-transit", ApplicationStatus.IN_TRANSIT, null, "社保卡配送中", "卡片位置");
    add("at-issuing-unit", ApplicationStatus.AT_ISSUING_UNIT, null, "可以领卡了", "领卡地点", village,
        "请在此日期前领取", "年", "身份证原件");
    add("issued", ApplicationStatus.ISSUED, null, "已领卡", "激活");
    add("activated", ApplicationStatus.ACTIVATED, null, "已激活", "可以正常使用");
    add("recovered", ApplicationStatus.RECOVERED, null, "逾期未领，卡片已交回", "申请领回", village);
    add("withdrawn", ApplicationStatus.WITHDRAWN, null, "申请已撤回", "重新申请");

    // a wrong phone and an unknown ID number: the same "not found" on the page
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.ISSUED, null, null, Instant.now());
    String wrong = String.format("%04d", (Integer.parseInt(StatusTestData.last4(phone)) + 1) % 10_000);
    cases.add(testCase("wrong-phone", id, wrong, "NOT_FOUND", "未查询到申请", List.of("未查询到匹配的申请")));
    cases.add(testCase("unknown-id-number", data.newIdNumber(), "1234", "NOT_FOUND", "未查询到申请",
        List.of("未查询到匹配的申请")));

    Path target = Path.of("target/browser-screenshots/status").toAbsolutePath();
    Files.createDirectories(target);
    Path casesFile = target.resolve("status-cases.json");
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(casesFile.toFile(), cases);

    ProcessBuilder node = new ProcessBuilder(NODE, SPEC.getFileName().toString())
        .directory(BROWSER_DIR.toFile())
        .redirectErrorStream(true);
    node.environment().put("STATUS_BASE_URL", "http://localhost:" + port);
    node.environment().put("STATUS_CASES", casesFile.toString());
    node.environment().put("STATUS_SCREENSHOTS", target.toString());
    node.environment().put("CHROMIUM", CHROMIUM);
    Process process = node.start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    System.out.println(output);
    assertThat(finished).as("the browser scenario finished in time").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains(cases.size() + " of " + cases.size() + " cases passed");
  }

  private void add(String name, ApplicationStatus status, String reason, String title, String... texts) {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    String card = switch (status) {
      case CARD_MADE, IN_TRANSIT, AT_ISSUING_UNIT, ISSUED, ACTIVATED, RECOVERED -> "TSB" + System.nanoTime();
      default -> null;
    };
    String number = data.insert(id, phone, status, reason, card, Instant.now().minus(Duration.ofDays(1)));
    if (card != null && (status == ApplicationStatus.CARD_MADE || status == ApplicationStatus.IN_TRANSIT)) {
      ledger.recordMade(card, number);
    }
    if (status == ApplicationStatus.AT_ISSUING_UNIT) {
      data.event(number, ApplicationStatus.AT_ISSUING_UNIT, Instant.now().minus(Duration.ofDays(3)));
    }
    cases.add(testCase(name, id, StatusTestData.last4(phone), status.name(), title, List.of(texts)));
  }

  private static Map<String, Object> testCase(String name, String idNumber, String phoneLast4, String status,
      String title, List<String> texts) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("idNumber", idNumber);
    c.put("phoneLast4", phoneLast4);
    c.put("status", status);
    c.put("title", title);
    c.put("texts", texts);
    // nothing about the person: not the name, not the ID number
    c.put("absent", List.of(StatusTestData.NAME, idNumber));
    return c;
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Moves on by a fixed step each time it is read. */
  private static final class SteppingClock extends Clock {
    private final Duration step;
    private Instant now = Instant.now();

    SteppingClock(Duration step) {
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plus(step);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
