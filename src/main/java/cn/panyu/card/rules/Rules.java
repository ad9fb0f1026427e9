package cn.panyu.card.rules;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * Evaluates the analysts' DMN tables in {@code processes/} by key, always the latest deployed version,
 * so that a redeployed table changes behaviour without a release. Rules are the system's, not the
 * user's: they are evaluated without the current user's authorization checks, inside an engine command
 * (a delegate, an expression) as well as outside one (an API call).
 */
@Component
public class Rules {

  private final DecisionService decisionService;
  private final IdentityService identityService;

  public Rules(DecisionService decisionService, IdentityService identityService) {
    this.decisionService = decisionService;
    this.identityService = identityService;
  }

  public DmnDecisionResult evaluate(String decisionKey, Map<String, Object> inputs) {
    CommandContext commandContext = Context.getCommandContext();
    if (commandContext == null) {
      return evaluateUnauthenticated(decisionKey, inputs);
    }
    if (!commandContext.isAuthorizationCheckEnabled()) {
      return evaluateNow(decisionKey, inputs);
    }
    commandContext.disableAuthorizationCheck();
    try {
      return evaluateNow(decisionKey, inputs);
    } finally {
      commandContext.enableAuthorizationCheck();
    }
  }

  private DmnDecisionResult evaluateUnauthenticated(String decisionKey, Map<String, Object> inputs) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return evaluateNow(decisionKey, inputs);
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }

  private DmnDecisionResult evaluateNow(String decisionKey, Map<String, Object> inputs) {
    return decisionService.evaluateDecisionByKey(decisionKey).variables(inputs).evaluate();
  }
}
