package cn.panyu.card.replacement;

import static cn.panyu.card.replacement.CardReplacement.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.ProcessTestSupport;
import cn.panyu.card.support.TestApplicants;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A holder with a card on record, and the steps of a replacement as a town window works them. */
abstract class ReplacementTestSupport extends ProcessTestSupport {

  static final String TOWN = "440113007";
  static final String VILLAGE = "440113007901";
  private static final AtomicInteger CARDS = new AtomicInteger();

  /**
   * A holder whose first card was issued at his village (as individual-issuance leaves it); returns the ID
   * number. The old card is known to the application, not made by this test's simulator run.
   */
  String holderWithIssuedCard() {
    return holderWithIssuedCard(TestApplicants.panyu());
  }

  String holderWithIssuedCard(String idNumber) {
    String number = "IAT" + System.nanoTime();
    String card = oldCardNumber(number);
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("""
        insert into application (application_number, mode, status, unit_code, name, gender, id_number, phone, bank,
          residency, photo_source, card_number, created_by, created_at, updated_at)
        values (?, 'INDIVIDUAL', 'ISSUED', ?, '测试持卡人', '男', ?, '13800138000', '中国工商银行', '户籍', 'POLICE', ?,
          'test', ?, ?)""", number, VILLAGE, idNumber, card, now, now);
    return idNumber;
  }

  private static String oldCardNumber(String seed) {
    return "GZOLD" + String.format("%07d", CARDS.incrementAndGet()) + Math.abs(seed.hashCode() % 1000);
  }

  /** As the start form submits it: the clerk of the Shiqiao window started it. */
  String startReplacement(String idNumber, String reason, boolean firstCard) {
    return runtime.startProcessInstanceByKey(PROCESS_KEY, ID_NUMBER.with(idNumber).and(REASON, reason)
        .and(FIRST_CARD, firstCard).and(STARTED_BY, "shiqiao")).getId();
  }

  String var(String pi, String name) {
    Object v = runtime.getVariable(pi, name);
    return v == null ? null : v.toString();
  }

  Map<String, Object> replacementRow(String pi) {
    return jdbc.queryForMap("select * from replacement where process_instance_id = ?", pi);
  }

  /** Every open box is received with the count that was sent, level by level, until none is left. */
  void deliverAll() {
    for (int round = 0; round < 10; round++) {
      runAsyncJobs();
      var open = tasks.createTaskQuery().processDefinitionKey("card-handover").taskDefinitionKey("Task_ConfirmReceipt")
          .list();
      if (open.isEmpty()) {
        return;
      }
      open.forEach(t -> tasks.complete(t.getId()));
    }
    throw new AssertionError("boxes keep coming");
  }

  String endEvent(String pi) {
    // the instance's own end: the last one (a sub-process's ends come before it)
    return history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityType("noneEndEvent")
        .orderByHistoricActivityInstanceEndTime().desc().orderPartiallyByOccurrence().desc().list().stream()
        .map(a -> a.getActivityId()).filter(id -> !id.contains("Remind") && !id.contains("Polled"))
        .findFirst().orElse(null);
  }

  List<String> candidateGroups(String pi, String taskKey) {
    return tasks.getIdentityLinksForTask(task(pi, taskKey).getId()).stream()
        .filter(l -> l.getGroupId() != null).map(l -> l.getGroupId()).toList();
  }

  void awaitCardResult(String pi) {
    await("card result by callback", () -> !isWaitingAt(pi, "Task_AwaitCardResult"));
    assertThat(isEnded(pi) || !isWaitingAt(pi, "Task_AwaitCardResult")).isTrue();
  }
}
