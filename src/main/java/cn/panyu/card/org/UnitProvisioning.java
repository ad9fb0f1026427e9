package cn.panyu.card.org;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Service;

/**
 * Makes a unit exist everywhere it must: its org_unit row, its Camunda group (id per
 * {@link OrgUnit#groupIdOf}, name = the Chinese unit name, type WORKFLOW) and the engine permissions
 * its group needs. Every step checks first, so running it again changes nothing.
 *
 * <p>What a group may do (DESIGN.md "Organisation and access"):
 * <ul>
 *   <li>every group: Tasklist, READ on all process definitions (Tasklist shows their names and
 *       diagrams), CREATE on process instances, START ({@code CREATE_INSTANCE}) only on the processes
 *       its kind of unit starts, READ on the shared Tasklist filters. No READ_INSTANCE or READ_TASK on
 *       definitions: tasks are read through the candidate-group grants the engine makes per task, and
 *       instances through {@link InstanceAccess};</li>
 *   <li>the card office and the leaders in addition: Cockpit, READ/READ_INSTANCE/READ_HISTORY on all
 *       process definitions, READ on all process instances, decisions and deployments (oversight).</li>
 * </ul>
 */
@Service
public class UnitProvisioning {

  /** The processes each kind of unit starts (process definition keys are a stable contract). */
  static final Map<OrgUnitType, List<String>> STARTS = Map.of(
      OrgUnitType.VILLAGE, List.of("individual-issuance"),
      OrgUnitType.INSTITUTION, List.of("collective-issuance"),
      OrgUnitType.DEPARTMENT, List.of("collective-issuance"),
      // a town's staff start its submission in Tasklist (镇街发起汇总报送), besides the daily schedule
      OrgUnitType.TOWN, List.of("card-replacement", "town-submission"),
      OrgUnitType.DISTRICT_CARD_OFFICE, List.of("progress-bulletin", "progress-bulletin-request"),
      OrgUnitType.DISTRICT_AFFAIRS_OFFICE, List.of());

  static final String LEADERS_NAME = "区领导小组";

  private final OrgUnitRepository units;
  private final IdentityService identity;
  private final AccessGrants grants;
  private final TasklistFilters filters;

  public UnitProvisioning(OrgUnitRepository units, IdentityService identity, AccessGrants grants,
      TasklistFilters filters) {
    this.units = units;
    this.identity = identity;
    this.grants = grants;
    this.filters = filters;
  }

  /** Creates the unit, its group and its grants where missing; true if the org_unit row was new. */
  public boolean ensureUnit(OrgUnit unit, boolean school) {
    boolean created = units.insertIfAbsent(unit, school);
    ensureGroup(unit.groupId(), unit.name());
    grantUnitGroup(unit.groupId(), STARTS.getOrDefault(unit.type(), List.of()));
    if (unit.type() == OrgUnitType.DISTRICT_CARD_OFFICE) {
      grantOversight(unit.groupId());
    }
    return created;
  }

  /** The leading group: a group, not a unit; it oversees everything and works the tasks given to it. */
  public void ensureLeadersGroup() {
    ensureGroup(OrgUnit.LEADERS_GROUP, LEADERS_NAME);
    grantUnitGroup(OrgUnit.LEADERS_GROUP, List.of());
    grantOversight(OrgUnit.LEADERS_GROUP);
  }

  public void ensureGroup(String groupId, String name) {
    if (identity.createGroupQuery().groupId(groupId).count() > 0) {
      return;
    }
    Group group = identity.newGroup(groupId);
    group.setName(name);
    group.setType(Groups.GROUP_TYPE_WORKFLOW);
    identity.saveGroup(group);
  }

  /** Adds the user to the group unless he is in it already. */
  public void ensureMembership(String userId, String groupId) {
    if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  private void grantUnitGroup(String groupId, List<String> startedProcesses) {
    grants.grant(groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grants.grant(groupId, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ);
    grants.grant(groupId, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.CREATE);
    for (String key : startedProcesses) {
      grants.grant(groupId, Resources.PROCESS_DEFINITION, key,
          ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE);
    }
    for (String filterId : filters.filterIds()) {
      grants.grant(groupId, Resources.FILTER, filterId, Permissions.READ);
    }
  }

  private void grantOversight(String groupId) {
    grants.grant(groupId, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grants.grant(groupId, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
    grants.grant(groupId, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.CREATE,
        ProcessInstancePermissions.READ);
    grants.grant(groupId, Resources.DECISION_DEFINITION, "*", Permissions.READ, Permissions.READ_HISTORY);
    grants.grant(groupId, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ);
    grants.grant(groupId, Resources.DEPLOYMENT, "*", Permissions.READ);
  }
}
