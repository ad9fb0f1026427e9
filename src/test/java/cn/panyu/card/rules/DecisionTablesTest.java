package cn.panyu.card.rules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The analysts' models in {@code processes/}: every BPMN and DMN file is deployed by the application, and every
 * row of every decision table gives its documented result (the row's description says what it means; the
 * expectation below says what it returns). A row added without an expectation here fails the test, so the
 * documentation of the tables cannot fall behind.
 */
@H2Test
class DecisionTablesTest {

  static final Path PROCESSES = Path.of("processes");

  /** One row's documented case: the inputs that reach it and what it returns. */
  record Case(String ruleId, Map<String, Object> inputs, Map<String, Object> outputs) {}

  static Case row(String ruleId, Map<String, Object> inputs, Object... outputs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < outputs.length; i += 2) {
      out.put((String) outputs[i], outputs[i + 1]);
    }
    return new Case(ruleId, inputs, out);
  }

  static Map<String, Object> step(String step, String mode) {
    return Map.of("step", step, "mode", mode);
  }

  static Map<String, Object> eligibility(String residency, int age, boolean enterpriseEmployee) {
    return Map.of("residency", residency, "age", age, "enterpriseEmployee", enterpriseEmployee);
  }

  static Map<String, Object> fee(boolean firstCard, String reason) {
    return Map.of("firstCard", firstCard, "reason", reason);
  }

  /** Per decision key, one case per rule row. */
  static final Map<String, List<Case>> DOCUMENTED = Map.of(
      "deadlines", List.of(
          row("Rule_RegistrationCorrection", step("REGISTRATION_CORRECTION", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_TownReview", step("TOWN_REVIEW", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_AffairsReview", step("AFFAIRS_REVIEW", "-"), "dueIn", "P2D", "escalateAfter", "P4D", "reminderCycle", null),
          row("Rule_DepartmentReview", step("DEPARTMENT_REVIEW", "COLLECTIVE"), "dueIn", "P5D", "escalateAfter", "P7D", "reminderCycle", null),
          row("Rule_IneligibleFeedback", step("INELIGIBLE_FEEDBACK", "INDIVIDUAL"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_ApplicantFollowUp", step("APPLICANT_FOLLOW_UP", "-"), "dueIn", "P14D", "escalateAfter", "P21D", "reminderCycle", null),
          row("Rule_HandoverReceipt", step("HANDOVER_RECEIPT", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_Discrepancy", step("DISCREPANCY", "-"), "dueIn", "P2D", "escalateAfter", "P3D", "reminderCycle", null),
          row("Rule_ReplacementPayment", step("REPLACEMENT_PAYMENT", "-"), "dueIn", "P1D", "escalateAfter", "P2D", "reminderCycle", null),
          row("Rule_ReplacementFollowUp", step("REPLACEMENT_FOLLOW_UP", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_CollectionReplacement", step("COLLECTION", "REPLACEMENT"), "dueIn", "P30D", "escalateAfter", "P30D", "reminderCycle", "R2/P7D"),
          row("Rule_CollectionCollective", step("COLLECTION", "COLLECTIVE"), "dueIn", "P30D", "escalateAfter", "P30D", "reminderCycle", "R2/P10D"),
          row("Rule_Collection", step("COLLECTION", "INDIVIDUAL"), "dueIn", "P60D", "escalateAfter", "P60D", "reminderCycle", "R3/P14D"),
          row("Rule_Recovery", step("RECOVERY", "-"), "dueIn", "P7D", "escalateAfter", "P10D", "reminderCycle", null),
          row("Rule_Activation", step("ACTIVATION", "-"), "dueIn", "P90D", "escalateAfter", "P90D", "reminderCycle", "R2/P30D"),
          row("Rule_SignOffReturn", step("SIGN_OFF_RETURN", "-"), "dueIn", "P7D", "escalateAfter", "P10D", "reminderCycle", null),
          row("Rule_BatchCorrection", step("BATCH_CORRECTION", "-"), "dueIn", "P5D", "escalateAfter", "P7D", "reminderCycle", null),
          row("Rule_CardOfficeReview", step("CARD_OFFICE_REVIEW", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null),
          row("Rule_IssuingOverdue", step("ISSUING_OVERDUE", "COLLECTIVE"), "dueIn", "P45D", "escalateAfter", "P45D", "reminderCycle", null),
          row("Rule_BulletinReview", step("BULLETIN_REVIEW", "-"), "dueIn", "P2D", "escalateAfter", "P3D", "reminderCycle", null),
          row("Rule_Default", step("SOMETHING_ELSE", "-"), "dueIn", "P3D", "escalateAfter", "P5D", "reminderCycle", null)),
      "intake-eligibility", List.of(
          row("Rule_ResidentAged60", eligibility("户籍", 60, false), "reason", "AGE_LIMIT"),
          row("Rule_ResidentAged60", eligibility("户籍", 60, true), "reason", "AGE_LIMIT"),
          row("Rule_EnterpriseEmployee", eligibility("非户籍参保", 30, true), "reason", "ENTERPRISE_EMPLOYEE"),
          row("Rule_Eligible", eligibility("户籍", 59, false), "reason", ""),
          row("Rule_Eligible", eligibility("户籍", 40, true), "reason", ""),
          row("Rule_Eligible", eligibility("非户籍参保", 70, false), "reason", "")),
      "escalation-targets", List.of(
          row("Rule_Village", Map.of("unitType", "VILLAGE"), "escalateTo", "PARENT_UNIT"),
          row("Rule_Institution", Map.of("unitType", "INSTITUTION"), "escalateTo", "PARENT_UNIT"),
          row("Rule_CardOffice", Map.of("unitType", "DISTRICT_CARD_OFFICE"), "escalateTo", "leaders"),
          row("Rule_Other", Map.of("unitType", "TOWN"), "escalateTo", "district-card-office"),
          row("Rule_Other", Map.of("unitType", "DEPARTMENT"), "escalateTo", "district-card-office"),
          row("Rule_Other", Map.of("unitType", "DISTRICT_AFFAIRS_OFFICE"), "escalateTo", "district-card-office")),
      "replacement-fee", List.of(
          row("Rule_FirstCard", fee(true, "LOST"), "fee", 0.0),
          row("Rule_Lost", fee(false, "LOST"), "fee", 20.0),
          row("Rule_Damaged", fee(false, "DAMAGED"), "fee", 20.0),
          row("Rule_DataChange", fee(false, "DATA_CHANGE"), "fee", 20.0),
          row("Rule_Expired", fee(false, "EXPIRED"), "fee", 0.0)));

  @Autowired RepositoryService repository;
  @Autowired DecisionService decisions;

  @Test
  void everyModelInProcessesIsDeployed() throws IOException {
    List<String> processKeys = new ArrayList<>();
    List<String> decisionKeys = new ArrayList<>();
    for (Path file : files(".bpmn")) {
      Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(Process.class).stream()
          .filter(Process::isExecutable).forEach(p -> processKeys.add(p.getId()));
    }
    for (Path file : files(".dmn")) {
      Dmn.readModelFromFile(file.toFile()).getModelElementsByType(Decision.class).forEach(d -> decisionKeys.add(d.getId()));
    }
    assertThat(processKeys).contains("card-replacement", "individual-issuance", "town-submission", "card-handover");
    assertThat(decisionKeys).contains("deadlines", "intake-eligibility", "replacement-fee", "escalation-targets");
    for (String key : processKeys) {
      assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).as(key).isPositive();
    }
    for (String key : decisionKeys) {
      assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count()).as(key).isPositive();
    }
  }

  @Test
  void everyRuleRowGivesItsDocumentedResult() throws IOException {
    List<String> matched = new ArrayList<>();
    DefaultDmnEngineConfiguration config =
        (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    config.customPostDecisionTableEvaluationListeners(List.of((DmnDecisionTableEvaluationListener)
        (DmnDecisionTableEvaluationEvent e) -> e.getMatchingRules().forEach(r -> matched.add(r.getId()))));
    DmnEngine engine = config.buildEngine();
    Set<String> decisionsInFiles = new TreeSet<>();
    for (Path file : files(".dmn")) {
      List<String> ruleIds = Dmn.readModelFromFile(file.toFile()).getModelElementsByType(Rule.class).stream()
          .map(Rule::getId).toList();
      List<DmnDecision> parsed;
      try (InputStream in = Files.newInputStream(file)) {
        parsed = engine.parseDecisions(in);
      }
      for (DmnDecision decision : parsed) {
        decisionsInFiles.add(decision.getKey());
        List<Case> cases = DOCUMENTED.get(decision.getKey());
        assertThat(cases).as("documented rows of %s (%s)", decision.getKey(), file).isNotNull();
        for (Case c : cases) {
          matched.clear();
          var result = engine.evaluateDecisionTable(decision, new HashMap<>(c.inputs())).getFirstResult();
          assertThat(matched).as("%s: %s hits", decision.getKey(), c.inputs()).first().isEqualTo(c.ruleId());
          Map<String, Object> actual = new HashMap<>(result.getEntryMap());
          actual.replaceAll((k, v) -> v instanceof String s && s.isEmpty() && !"".equals(c.outputs().get(k)) ? null : v);
          c.outputs().forEach((k, v) -> assertThat(actual.get(k)).as("%s %s → %s", c.ruleId(), c.inputs(), k).isEqualTo(v));
          // the deployed table answers the same as the file
          var deployed = decisions.evaluateDecisionByKey(decision.getKey()).variables(new HashMap<>(c.inputs()))
              .evaluate().getFirstResult();
          assertThat(deployed.getEntryMap()).as("deployed %s", decision.getKey()).isEqualTo(result.getEntryMap());
        }
        Set<String> documented = cases.stream().map(Case::ruleId).collect(Collectors.toSet());
        assertThat(documented).as("every row of %s has a documented case", decision.getKey())
            .containsExactlyInAnyOrderElementsOf(ruleIds);
      }
    }
    assertThat(decisionsInFiles).containsExactlyInAnyOrderElementsOf(DOCUMENTED.keySet());
  }

  @Test
  void aWindowRequestWithAnUnknownReasonMatchesNoFeeRow() {
    var result = decisions.evaluateDecisionByKey("replacement-fee").variables(Map.of("firstCard", false,
        "reason", "STOLEN")).evaluate();
    assertThat(result).isEmpty();
  }

  private static List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(PROCESSES)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}
