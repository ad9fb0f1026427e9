package cn.panyu.card.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.IneligibleReasons;
import cn.panyu.card.citycentre.CardCentreModel;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.delivery.Routes;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.support.H2Test;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The analysts' tables in {@code processes/}, tested by what must hold whatever rows they add or change, and by a few
 * representative rows: so that an analyst's edit in Modeler needs no change in Java.
 */
@H2Test
class DecisionTablesTest {

  static final Path PROCESSES = Path.of("processes");
  /** deadlines.xxx('STEP') or deadlines.xxx('STEP', 'MODE') in any expression of any model. */
  static final Pattern DEADLINE = Pattern.compile(
      "deadlines\\.(\\w+)\\('([A-Z_]+)'(?:,\\s*'([A-Z_]+)')?\\)");

  @Autowired RepositoryService repository;
  @Autowired Deadlines deadlines;
  @Autowired Rules rules;
  @Autowired IneligibleReasons reasons;
  @Autowired Routes routes;

  @AfterEach
  void clockBack() {
    ClockUtil.reset();
  }

  @Test
  void everyModelInProcessesIsDeployed() throws IOException {
    Set<String> files;
    try (Stream<Path> list = Files.list(PROCESSES)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpmn") || n.endsWith(".dmn"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> deployed = new TreeSet<>();
    repository.createProcessDefinitionQuery().latestVersion().list()
        .forEach(d -> deployed.add(Path.of(d.getResourceName()).getFileName().toString()));
    repository.createDecisionDefinitionQuery().latestVersion().list()
        .forEach(d -> deployed.add(Path.of(d.getResourceName()).getFileName().toString()));
    assertThat(deployed).containsAll(files);
  }

  @Test
  void everyStepAModelNamesHasItsDeadlinesAndTheyAreSound() throws IOException {
    List<String[]> uses = new ArrayList<>();
    try (Stream<Path> list = Files.list(PROCESSES)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
        // attributes (camunda:dueDate) quote with &#39; as Modeler writes them
        Matcher m = DEADLINE.matcher(Files.readString(file).replace("&#39;", "'").replace("&apos;", "'"));
        while (m.find()) {
          uses.add(new String[] {file.getFileName().toString(), m.group(1), m.group(2), m.group(3)});
        }
      }
    }
    assertThat(uses).as("the models read their deadlines from the table").hasSizeGreaterThan(20);
    ClockUtil.setCurrentTime(java.sql.Timestamp.valueOf("2013-09-27 10:00:00"));
    for (String[] use : uses) {
      String step = use[2];
      String mode = use[3] == null ? Deadlines.ALL_MODES : use[3];
      String where = use[0] + ": " + use[1] + "('" + step + "'" + (use[3] == null ? "" : ", '" + use[3] + "'") + ")";
      Date due = deadlines.dueDate(step, mode);
      Date escalation = deadlines.escalationDate(step, mode);
      assertThat(due).as(where).isAfter(ClockUtil.getCurrentTime());
      assertThat(escalation).as("%s: escalated on or after it is due", where).isAfterOrEqualTo(due);
      if (use[1].startsWith("nextReminder") || use[1].equals("reminderCount")) {
        assertThat(deadlines.reminderCount(step, mode)).as(where).isPositive();
        assertThat(deadlines.nextReminderDate(step, mode)).as(where).isBefore(escalation);
      }
    }
  }

  @Test
  void aMisspeltStepIsAnErrorNotADefault() {
    assertThatThrownBy(() -> deadlines.dueDate("HANDOVER_RECIEPT")).hasMessageContaining("HANDOVER_RECIEPT");
  }

  @Test
  void representativeDeadlines() {
    assertThat(deadlines.escalateAfter("HANDOVER_RECEIPT")).isEqualTo("P5D");
    // a mode's own row comes before the row for all modes
    assertThat(deadlines.escalateAfter("COLLECTION", "COLLECTIVE")).isEqualTo("P30D");
    assertThat(deadlines.escalateAfter("COLLECTION", "INDIVIDUAL")).isEqualTo("P60D");
  }

  @Test
  void aFirstCardIsFreeWhateverTheReasonAndAReplacementCostsWhatTheTableSays() {
    for (String reason : List.of("LOST", "DAMAGED", "EXPIRED", "DATA_CHANGE")) {
      Object fee = rules.evaluate("replacement-fee", Map.of("firstCard", true, "reason", reason)).getSingleEntry();
      assertThat(((Number) fee).doubleValue()).as(reason).isZero();
    }
    Object lost = rules.evaluate("replacement-fee", Map.of("firstCard", false, "reason", "LOST")).getSingleEntry();
    assertThat(((Number) lost).doubleValue()).isPositive();
    assertThat(rules.evaluate("replacement-fee", Map.of("firstCard", false, "reason", "STOLEN"))).isEmpty();
  }

  @Test
  void everyReasonTheCentreGivesHasItsWordsAndRemedy() {
    for (CardCentreModel.IneligibleReason reason : CardCentreModel.IneligibleReason.values()) {
      assertThat(reasons.text(reason.name())).as(reason.name()).doesNotContain(reason.name());
      assertThat(reasons.applicantAdvice(reason.name(), "某村委会")).as(reason.name()).doesNotContain("{unit}");
    }
    assertThat(reasons.remedy("NO_POLICE_PHOTO")).isEqualTo(IneligibleReasons.Remedy.PHOTO);
    assertThat(reasons.remedy("HAS_FINANCIAL_CARD")).isEqualTo(IneligibleReasons.Remedy.NONE);
    // a reason the table does not know yet is shown by its code and needs a change of data
    assertThat(reasons.text("SOMETHING_NEW")).contains("SOMETHING_NEW");
    assertThat(reasons.remedy("SOMETHING_NEW")).isEqualTo(IneligibleReasons.Remedy.DATA);
  }

  @Test
  void cardsGoDownOneLevelALegToTheUnitThatIssuesThemAndBackUpToTheCityCentre() {
    assertThat(walkDown(ApplicationMode.INDIVIDUAL, "440113007901")).containsExactly("DISTRICT_CARD_OFFICE",
        "TOWN:440113007", "VILLAGE:440113007901");
    assertThat(walkDown(ApplicationMode.COLLECTIVE, "panyu-cdc")).containsExactly("DISTRICT_CARD_OFFICE",
        "DEPARTMENT:health", "INSTITUTION:panyu-cdc");
    assertThat(walkDown(ApplicationMode.REPLACEMENT, "440113007")).containsExactly("DISTRICT_CARD_OFFICE",
        "TOWN:440113007");
    List<String> up = new ArrayList<>();
    String here = Locations.of(OrgUnitType.VILLAGE, "440113007901");
    while ((here = routes.nextUp(ApplicationMode.INDIVIDUAL, here)) != null) {
      up.add(here);
    }
    assertThat(up).containsExactly("TOWN:440113007", "DISTRICT_CARD_OFFICE", "CITY_CENTRE");
  }

  @Test
  void everyUnitTypeHasAnEscalationTargetAndTheChainEndsWithTheLeaders() {
    for (OrgUnitType type : OrgUnitType.values()) {
      var target = rules.evaluate("escalation-targets", Map.of("unitType", type.name())).getFirstResult();
      assertThat(target).as(type.name()).isNotNull();
    }
    var office = rules.evaluate("escalation-targets", Map.of("unitType", "DISTRICT_CARD_OFFICE")).getFirstResult();
    assertThat(office.getEntryMap()).containsEntry("escalateTo", "leaders");
    assertThat(office.getEntryMap().get("thenAfter")).isNull();
  }

  @Test
  void intakeEligibilityRepresentativeRows() {
    assertThat(eligibility("户籍", 59, false)).isNullOrEmpty();
    assertThat(eligibility("户籍", 60, false)).isEqualTo("AGE_LIMIT");
    assertThat(eligibility("非户籍参保", 70, false)).isNullOrEmpty();
    assertThat(eligibility("非户籍参保", 30, true)).isEqualTo("ENTERPRISE_EMPLOYEE");
  }

  private String eligibility(String residency, int age, boolean enterpriseEmployee) {
    var result = rules.evaluate("intake-eligibility", Map.of("residency", residency, "age", age,
        "enterpriseEmployee", enterpriseEmployee)).getFirstResult();
    return result == null ? null : (String) result.getEntryMap().get("reason");
  }

  private List<String> walkDown(ApplicationMode mode, String issuingUnit) {
    List<String> legs = new ArrayList<>();
    String here = Locations.CITY_CENTRE;
    while ((here = routes.nextDown(mode, here, issuingUnit)) != null) {
      legs.add(here);
    }
    return legs;
  }
}
