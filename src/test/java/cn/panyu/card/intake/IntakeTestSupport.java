package cn.panyu.card.intake;

import cn.panyu.card.collective.CollectiveIssuance;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

/**
 * What intake's tests need before the org seeding and the real collective process exist: an
 * institution under a department, a clerk in its group with the grants to start the batch process,
 * and a stand-in {@code collective-issuance} process (deployed only if none is).
 */
public final class IntakeTestSupport {

  private IntakeTestSupport() {}

  public static final String DEPARTMENT = "D-EDU";
  public static final String INSTITUTION = "I-SCHOOL1";
  public static final String OTHER_INSTITUTION = "I-SCHOOL2";
  public static final String CLERK = "intake-clerk";
  public static final String OTHER_CLERK = "intake-other";
  public static final String PASSWORD = "pw";

  public static void setUp(OrgUnitRepository units, IdentityService identity, AuthorizationService authorizations) {
    units.insertIfAbsent(new OrgUnit(DEPARTMENT, "测试教育局", OrgUnitType.DEPARTMENT, null,
        OrgUnit.groupIdOf(OrgUnitType.DEPARTMENT, DEPARTMENT)));
    for (String code : new String[] {INSTITUTION, OTHER_INSTITUTION}) {
      units.insertIfAbsent(new OrgUnit(code, "测试学校" + code, OrgUnitType.INSTITUTION, DEPARTMENT,
          OrgUnit.groupIdOf(OrgUnitType.INSTITUTION, code)));
    }
    user(identity, authorizations, CLERK, INSTITUTION);
    user(identity, authorizations, OTHER_CLERK, OTHER_INSTITUTION);
  }

  private static void user(IdentityService identity, AuthorizationService authorizations, String userId,
      String institution) {
    if (identity.createUserQuery().userId(userId).count() > 0) {
      return;
    }
    String groupId = OrgUnit.groupIdOf(OrgUnitType.INSTITUTION, institution);
    if (identity.createGroupQuery().groupId(groupId).count() == 0) {
      Group g = identity.newGroup(groupId);
      g.setName("测试单位");
      g.setType("WORKFLOW");
      identity.saveGroup(g);
      grant(authorizations, groupId, Resources.PROCESS_DEFINITION, CollectiveIssuance.PROCESS_KEY,
          Permissions.CREATE_INSTANCE);
      grant(authorizations, groupId, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
      // what the seeding gives every unit group (org.UnitProvisioning): the real process reads its definition
      grant(authorizations, groupId, Resources.PROCESS_DEFINITION, "*", Permissions.READ);
    }
    User u = identity.newUser(userId);
    u.setFirstName("测试");
    u.setLastName(userId);
    u.setPassword(PASSWORD);
    identity.saveUser(u);
    identity.createMembership(userId, groupId);
  }

  private static void grant(AuthorizationService authorizations, String groupId, Resources resource, String id,
      Permissions permission) {
    Authorization a = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    a.setGroupId(groupId);
    a.setResource(resource);
    a.setResourceId(id);
    a.addPermission(permission);
    authorizations.saveAuthorization(a);
  }
}
