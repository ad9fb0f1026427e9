package cn.panyu.card.org;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Service;

/**
 * Who may read a process instance: the unit it belongs to and every unit above it (a village's town,
 * an institution's department). The card office and the leaders read all instances anyway.
 *
 * <p>The grants are per instance: READ on the running instance and READ on its history (the engine's
 * historic instance permissions, enabled in application.yaml). Reading all instances of a process
 * (READ_INSTANCE/READ_HISTORY on the definition) would show a town its siblings' villages.
 * The process layer calls {@link #grantRead} when an instance starts, e.g. through the start listener
 * {@code ${grantUnitRead}} with the variable {@code unitCode}.
 */
@Service
public class InstanceAccess {

  private final ProcessEngine engine;
  private final OrgUnitRepository units;
  private final AccessGrants grants;

  public InstanceAccess(ProcessEngine engine, OrgUnitRepository units, AccessGrants grants) {
    this.engine = engine;
    this.units = units;
    this.grants = grants;
  }

  /**
   * Lets the unit's group and the groups of all units above it read the instance and its history.
   * Runs without the caller's authorization checks: the user who starts an instance (a village clerk)
   * may not grant permissions himself, but the process may. Idempotent.
   *
   * @return the group ids that may now read the instance
   */
  public List<String> grantRead(String processInstanceId, String unitCode) {
    List<OrgUnit> chain = units.withAncestors(unitCode);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("未知的单位编码: " + unitCode);
    }
    List<String> groups = chain.stream().map(OrgUnit::groupId).toList();
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    // joins the engine command that is running (a start listener) or opens one; either way without checks
    config.getCommandExecutorTxRequired().execute(commandContext -> commandContext.runWithoutAuthorization(() -> {
      ExecutionEntity instance = commandContext.getExecutionManager().findExecutionById(processInstanceId);
      String root = instance == null ? null : instance.getRootProcessInstanceId();
      for (String groupId : groups) {
        keepUntilHistoryCleanup(root, grants.upsert(groupId, Resources.PROCESS_INSTANCE, processInstanceId,
            ProcessInstancePermissions.READ));
        keepUntilHistoryCleanup(root, grants.upsert(groupId, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId,
            HistoricProcessInstancePermissions.READ));
      }
      return null;
    }));
    return groups;
  }

  /**
   * Ties a new grant to the root process instance, so that the history cleanup removes it with the
   * instance's history (the engine sets a removal time on every grant of that root when it ends).
   * The engine would leave the root empty here: in a start listener the instance's history row is not
   * written yet. The row itself is written when the command ends, after this change.
   */
  private static void keepUntilHistoryCleanup(String rootProcessInstanceId, Authorization saved) {
    if (rootProcessInstanceId != null && saved instanceof AuthorizationEntity entity
        && entity.getRootProcessInstanceId() == null) {
      entity.setRootProcessInstanceId(rootProcessInstanceId);
    }
  }
}
