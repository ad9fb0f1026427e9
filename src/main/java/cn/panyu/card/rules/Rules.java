package cn.panyu.card.rules;

import cn.panyu.card.engine.AsSystem;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
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
  private final RepositoryService repositoryService;
  private final AsSystem asSystem;
  /** Results of lookup tables, per deployed version and inputs (a new version has a new id). */
  private final Map<String, DmnDecisionResult> lookups = new ConcurrentHashMap<>();

  public Rules(DecisionService decisionService, RepositoryService repositoryService,
      AsSystem asSystem) {
    this.decisionService = decisionService;
    this.repositoryService = repositoryService;
    this.asSystem = asSystem;
  }

  /** A decision about a case (where to escalate): evaluated each time, in the decision history. */
  public DmnDecisionResult evaluate(String decisionKey, Map<String, Object> inputs) {
    return asSystem.get(() -> decisionService.evaluateDecisionByKey(decisionKey).variables(inputs).evaluate());
  }

  /**
   * A lookup table whose result depends on its inputs only (deadlines, the age limit): evaluated once per
   * deployed version and inputs, so only the first evaluation is in the decision history. Every task and timer
   * asks for its deadline and every applicant for the age limit, and the FEEL evaluation cost more than
   * anything else a task does (src/benchmark/campaign-results.md); the answer cannot differ until a new
   * version is deployed, which is looked up each time (one indexed query) so that it applies at once.
   */
  public DmnDecisionResult lookup(String decisionKey, Map<String, Object> inputs) {
    return asSystem.get(() -> {
      String version = repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
          .latestVersion().singleResult().getId();
      return lookups.computeIfAbsent(version + new TreeMap<>(inputs), k ->
          decisionService.evaluateDecisionById(version).variables(inputs).evaluate());
    });
  }
}
