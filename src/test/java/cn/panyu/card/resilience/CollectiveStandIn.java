package cn.panyu.card.resilience;

import org.camunda.bpm.engine.RepositoryService;

/**
 * Batch uploads start {@code collective-issuance}; until that process is on this branch, the intake tests'
 * stand-in (one review task for the institution) is deployed, as those tests do. Deployed only if none is.
 */
final class CollectiveStandIn {

  private CollectiveStandIn() {}

  static void deployIfMissing(RepositoryService repository) {
    if (repository.createProcessDefinitionQuery().processDefinitionKey("collective-issuance").count() == 0) {
      repository.createDeployment().name("collective-stand-in")
          .addClasspathResource("intake/collective-issuance-test.bpmn").deploy();
    }
  }
}
