package cn.panyu.card.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;

/** The analyst's DMN file (processes/intake-eligibility.dmn) evaluated by the standalone DMN engine. */
final class DmnFileEligibility implements EligibilityRule {

  private static final DmnEngine ENGINE = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
  private final DmnDecision decision;

  DmnFileEligibility() {
    try (InputStream in = Files.newInputStream(Path.of("processes/intake-eligibility.dmn"))) {
      decision = ENGINE.parseDecision(DECISION_KEY, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String reason(String residency, int age, boolean enterpriseEmployee) {
    return EngineEligibilityRule.reasonOf(ENGINE.evaluateDecision(decision, Variables.createVariables()
        .putValue("residency", residency).putValue("age", age).putValue("enterpriseEmployee", enterpriseEmployee)));
  }

  static ApplicantRules rules() {
    return new ApplicantRules(new BankDirectory(new org.springframework.core.io.ClassPathResource(
        "reference/banks.csv")), new DmnFileEligibility());
  }
}
