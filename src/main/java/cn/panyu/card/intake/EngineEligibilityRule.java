package cn.panyu.card.intake;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Evaluates the latest deployed version of the decision through the engine, so that redeploying the
 * DMN changes the rule without Java. The rule is the system's, not the uploader's: it is evaluated
 * without the caller's authorizations.
 */
@Component
public class EngineEligibilityRule implements EligibilityRule {

  private final DecisionService decisions;
  private final IdentityService identity;

  public EngineEligibilityRule(DecisionService decisions, IdentityService identity) {
    this.decisions = decisions;
    this.identity = identity;
  }

  @Override
  public String reason(String residency, int age) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      DmnDecisionResult result = decisions.evaluateDecisionByKey(DECISION_KEY)
          .variables(Variables.createVariables().putValue("residency", residency).putValue("age", age))
          .evaluate();
      return reasonOf(result);
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
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
