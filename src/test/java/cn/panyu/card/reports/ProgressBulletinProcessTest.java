package cn.panyu.card.reports;

import static cn.panyu.card.reports.process.ProgressBulletinProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.ProcessTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The progress-bulletin process on every path: the weekly timer start (its cycle resolved from configuration
 * at deployment), the on-demand starts (API and the Tasklist starter process), review approve and return,
 * the escalation timer; the XLSX and the chart of a published bulletin, and its publication API.
 */
@H2Test
class ProgressBulletinProcessTest extends ProcessTestSupport {

  private static ReportsTestData data;

  @Autowired TestRestTemplate rest;
  @Autowired OrgUnitRepository units;
  @Autowired Bulletins bulletins;
  @Autowired RepositoryService repositoryService;

  @BeforeEach
  void dataAndUsers() {
    if (data == null) {
      data = new ReportsTestData(jdbc, "pbt").insert(units);
    }
    ReportsTestData.user(identity, "pbtoffice", "district-card-office");
    ReportsTestData.user(identity, "pbtvillage", "village-" + data.village1());
  }

  @Test
  void weeklyTimerBuildsTheBulletin_reviewerPublishes() throws Exception {
    Job timer = weeklyTimer();
    // the cycle comes from reports.bulletin.cycle (0 0 8 ? * MON): resolved by the engine at deployment
    LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
    assertThat(due.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(due.getHour()).isEqualTo(8);

    management.executeJob(timer.getId());
    ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
        .orderByProcessInstanceId().desc().list().stream().filter(pi -> !isEnded(pi.getId()))
        .filter(pi -> management.createJobQuery().processInstanceId(pi.getId()).activityId(TASK_BUILD).count() > 0)
        .findFirst().orElseThrow();
    // the next week's timer is there again
    assertThat(weeklyTimer()).isNotNull();
    runAsyncJobs();

    Task review = task(instance.getId(), TASK_REVIEW);
    assertThat(review.getDueDate()).isNotNull();
    assertThat(tasks.getIdentityLinksForTask(review.getId())).anyMatch(l ->
        IdentityLinkType.CANDIDATE.equals(l.getType()) && "district-card-office".equals(l.getGroupId()));
    assertThat(forms.getDeployedTaskForm(review.getId())).isNotNull();
    assertThat(tasks.getVariable(review.getId(), DECISION.name())).isEqualTo(DECISION_PUBLISH);
    long id = BULLETIN_ID.from(runtime.getVariables(instance.getId()));
    assertThat(bulletins.find(id).orElseThrow().status()).isEqualTo(Bulletin.DRAFT);
    assertThat(bulletins.published()).extracting(Bulletin::id).doesNotContain(id);

    completeAsOpened(instance.getId(), TASK_REVIEW);
    assertThat(isEnded(instance.getId())).isTrue();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(END_PUBLISHED).count()).isEqualTo(1);
    assertThat(bulletins.find(id).orElseThrow().status()).isEqualTo(Bulletin.PUBLISHED);
    checkDocuments(id);
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void onDemandThroughTheApi_returnedForRegeneration_thenPublishedAndListed() {
    ResponseEntity<Map> started = rest.withBasicAuth("pbtoffice", ReportsTestData.PASSWORD)
        .postForEntity("/api/reports/bulletins", null, Map.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String instance = (String) started.getBody().get("processInstanceId");
    assertThat(runtime.getVariable(instance, REQUESTED_BY.name())).isEqualTo("pbtoffice");
    runAsyncJobs();
    long first = BULLETIN_ID.from(runtime.getVariables(instance));

    complete(instance, TASK_REVIEW, DECISION.with(DECISION_REGENERATE).and(REMARKS, "数字待核"));
    runAsyncJobs();
    long second = BULLETIN_ID.from(runtime.getVariables(instance));
    assertThat(second).isNotEqualTo(first);
    assertThat(bulletins.find(first).orElseThrow().status()).isEqualTo(Bulletin.DISCARDED);
    assertThat(bulletins.find(first).orElseThrow().reviewRemarks()).isEqualTo("数字待核");
    assertThat(tasks.getVariable(task(instance, TASK_REVIEW).getId(), DECISION.name())).isEqualTo(DECISION_PUBLISH);
    completeAsOpened(instance, TASK_REVIEW);
    assertThat(isEnded(instance)).isTrue();

    ResponseEntity<List> list = rest.withBasicAuth("pbtoffice", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/bulletins", List.class);
    assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Object> ids = ((List<Map>) list.getBody()).stream().map(m -> (Object) ((Number) m.get("id")).longValue())
        .toList();
    assertThat(ids).contains(second).doesNotContain(first);
    ResponseEntity<byte[]> xlsx = rest.withBasicAuth("pbtoffice", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/bulletins/" + second + "/xlsx", byte[].class);
    assertThat(xlsx.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(xlsx.getHeaders().getContentDisposition().getFilename()).endsWith(".xlsx");
    ResponseEntity<byte[]> png = rest.withBasicAuth("pbtoffice", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/bulletins/" + second + "/chart.png", byte[].class);
    assertThat(png.getHeaders().getContentType().toString()).isEqualTo("image/png");
    assertThat(rest.withBasicAuth("pbtvillage", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/bulletins", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.withBasicAuth("pbtvillage", ReportsTestData.PASSWORD)
        .getForEntity("/api/reports/bulletins/" + second + "/chart.png", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/reports/bulletins.html", String.class).getBody()).contains("进度通报");
  }

  @Test
  void overdueReviewIsEscalatedToTheLeaders() {
    String instance = runtime.createMessageCorrelation(MESSAGE_REQUESTED).correlateStartMessage().getId();
    runAsyncJobs();
    // the card office's overdue task goes to the leaders (escalation-targets.dmn), as every task does
    sweepAfter(java.time.Duration.ofDays(7));
    Task review = task(instance, TASK_REVIEW);
    assertThat(tasks.getIdentityLinksForTask(review.getId())).anyMatch(l ->
        IdentityLinkType.CANDIDATE.equals(l.getType()) && "leaders".equals(l.getGroupId()));
    assertThat(review.getPriority()).isGreaterThanOrEqualTo(80);
    org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    completeAsOpened(instance, TASK_REVIEW);
    assertThat(isEnded(instance)).isTrue();
  }

  @Test
  void theCardOfficeStartsOneInTasklist() {
    identity.setAuthentication("pbtoffice", List.of("district-card-office"));
    String starter;
    try {
      assertThat(repositoryStartable()).isTrue();
      starter = forms.submitStartForm(repositoryService.createProcessDefinitionQuery()
          .processDefinitionKey(REQUEST_PROCESS_KEY).latestVersion().singleResult().getId(), Map.of()).getId();
    } finally {
      identity.clearAuthentication();
    }
    assertThat(isEnded(starter)).isTrue();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).variableValueEquals(
        REQUESTED_BY.name(), "pbtoffice").count()).isGreaterThanOrEqualTo(1);
  }

  private boolean repositoryStartable() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey(REQUEST_PROCESS_KEY).latestVersion()
        .startableInTasklist().startablePermissionCheck().count() == 1;
  }


  private Job weeklyTimer() {
    String definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY)
        .latestVersion().singleResult().getId();
    return management.createJobQuery().processDefinitionId(definition).timers().list().stream()
        .filter(j -> j.getProcessInstanceId() == null).findFirst().orElseThrow();
  }

  private void checkDocuments(long id) throws Exception {
    Bulletin b = bulletins.find(id).orElseThrow();
    byte[] xlsx = bulletins.document(b.xlsxDocumentId()).orElseThrow().content();
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      assertThat(List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2), book.getSheetName(3)))
          .containsExactly("总体进度", "分镇街", "分部门", "补助测算");
      Sheet overall = book.getSheet("总体进度");
      assertThat(overall.getRow(2).getCell(0).getStringCellValue()).isEqualTo("目标（张）");
      assertThat(overall.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(616_000);
      assertThat(overall.getRow(5).getCell(1).getNumericCellValue()).isEqualTo(b.issued());
      boolean town = false;
      for (var row : book.getSheet("分镇街")) {
        if (data.town1().equals(row.getCell(0).getStringCellValue())) {
          assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(6); // made
          assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(3); // issued
          town = true;
        }
      }
      assertThat(town).isTrue();
      boolean subsidy = false;
      for (var row : book.getSheet("补助测算")) {
        if (row.getCell(3) != null && data.town1().equals(row.getCell(3).getStringCellValue())) {
          assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(3); // issued since the start
          subsidy = true;
        }
      }
      assertThat(subsidy).isTrue();
    }
    BufferedImage chart = ImageIO.read(new ByteArrayInputStream(bulletins.document(b.chartDocumentId())
        .orElseThrow().content()));
    assertThat(chart.getWidth()).isEqualTo(BulletinChart.WIDTH);
    assertThat(chart.getHeight()).isEqualTo(BulletinChart.HEIGHT);
  }
}
