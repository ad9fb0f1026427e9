package cn.panyu.card.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An analyst changes a fee and a deadline in the DMN files and redeploys them: the next replacement charges the
 * new fee and its payment task gets the new due date and escalation timer, with no Java change and no restart.
 * The original tables are deployed again afterwards, so that other tests in the shared context see them.
 */
@H2Test
class RulesChangeWithoutReleaseTest extends ReplacementTestSupport {

  static final Path FEES = Path.of("processes/replacement-fee.dmn");
  static final Path DEADLINES = Path.of("processes/deadlines.dmn");

  @Autowired RepositoryService repository;

  @AfterEach
  void restoreTheOriginalTables() throws IOException {
    ClockUtil.reset();
    deploy(read(FEES), read(DEADLINES), "original");
  }

  @Test
  void aChangedFeeAndDeadlineApplyToTheNextReplacement() throws IOException {
    Instant now = Instant.parse("2026-03-02T09:00:00Z");
    ClockUtil.setCurrentTime(Date.from(now));
    String before = startReplacement(holderWithIssuedCard(), "LOST", false);
    assertThat(((Number) runtime.getVariable(before, "fee")).doubleValue()).isEqualTo(20.0);
    // working days: 2026-03-02 is a Monday
    assertThat(task(before, "Task_CollectFee").getDueDate()).isEqualTo(Date.from(plusDays(now, 1)));
    assertThat(task(before, "Task_CollectFee").getFollowUpDate()).isEqualTo(Date.from(plusDays(now, 2)));

    String fees = read(FEES);
    String changedFees = fees.replaceFirst("(id=\"OutputEntry_Lost_Fee\">\\s*<text>)20(</text>)", "$125$2");
    String deadlines = read(DEADLINES);
    String changedDeadlines = deadlines
        .replaceFirst("(id=\"Literal_ReplacementPayment_Due\">\\s*<text>)\"P1D\"", "$1\"P4D\"")
        .replaceFirst("(id=\"Literal_ReplacementPayment_Escalate\">\\s*<text>)\"P2D\"", "$1\"P6D\"");
    assertThat(changedFees).isNotEqualTo(fees);
    assertThat(changedDeadlines).isNotEqualTo(deadlines);
    deploy(changedFees, changedDeadlines, "changed by an analyst");

    String after = startReplacement(holderWithIssuedCard(), "LOST", false);
    assertThat(((Number) runtime.getVariable(after, "fee")).doubleValue()).isEqualTo(25.0);
    assertThat(task(after, "Task_CollectFee").getDueDate()).isEqualTo(Date.from(plusDays(now, 4)));
    assertThat(task(after, "Task_CollectFee").getFollowUpDate()).isEqualTo(Date.from(plusDays(now, 8))); // a weekend
    completeAsOpened(after, "Task_CollectFee");
    assertThat(replacementRow(after).get("FEE").toString()).startsWith("25");
    // the running instance keeps what it was told
    assertThat(((Number) runtime.getVariable(before, "fee")).doubleValue()).isEqualTo(20.0);
  }

  private static Instant plusDays(Instant from, int days) {
    return from.atZone(ZoneId.systemDefault()).plus(Duration.ofDays(days)).toInstant();
  }

  private void deploy(String fees, String deadlines, String name) {
    repository.createDeployment().name("rules " + name)
        .addString("replacement-fee.dmn", fees)
        .addString("deadlines.dmn", deadlines)
        .deploy();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
