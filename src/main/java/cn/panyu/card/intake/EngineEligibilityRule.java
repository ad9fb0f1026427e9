package cn.panyu.card.intake;

import cn.panyu.card.rules.Rules;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.springframework.stereotype.Component;

/**
 * Evaluates the latest deployed version of the decision through the engine ({@link Rules}: as the system,
 * not as the uploader), so that redeploying the DMN changes the rule without Java.
 */
@Component
public class EngineEligibilityRule implements EligibilityRule {

  private final Rules rules;

  public EngineEligibilityRule(Rules rules) {
    this.rules = rules;
  }

  @Override
  public String reason(String residency, int age, boolean enterpriseEmployee) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("residency", residency);
    inputs.put("age", age);
    inputs.put("enterpriseEmployee", enterpriseEmployee);
    // a lookup: the answer depends on these three inputs only, and every row of every batch asks
    return reasonOf(rules.lookup(DECISION_KEY, inputs));
  }

  /** First matching rule's {@code reason}; none, or an empty one, means eligible. */
  public static String reasonOf(DmnDecisionResult result) {
    if (result == null || result.isEmpty()) {
      return null;
    }
    Object reason = result.getFirstResult().getEntry("reason");
    return reason == null || reason.toString().isBlank() ? null : reason.toString().strip();
  }
}
