package cn.panyu.card.org;

import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may do what for which unit, for the application's own API (the engine's authorizations cover
 * Camunda's). A user works for the units whose group he is in; a supervising unit (a town over its
 * villages, a department over its institutions, the card office and the leaders over all) may read
 * the units below it. Nobody reads a sibling's.
 */
@Component
public class UnitAccess {

  /** Camunda's administrators' group (camunda.bpm.admin-user puts the admin in it). */
  public static final String ADMIN_GROUP = "camunda-admin";

  private final IdentityService identityService;
  private final OrgUnitRepository units;

  public UnitAccess(IdentityService identityService, OrgUnitRepository units) {
    this.identityService = identityService;
    this.units = units;
  }

  /** The authenticated user of this request (set by the engine's authentication filter), or an error. */
  public Authentication current() {
    Authentication auth = identityService.getCurrentAuthentication();
    if (auth == null || auth.getUserId() == null) {
      throw new AccessDeniedException("未登录");
    }
    return auth;
  }

  public String currentUserId() {
    return current().getUserId();
  }

  /** May the current user work (register, upload, complete tasks) for this unit? */
  public boolean mayWorkFor(String unitCode) {
    List<String> groups = groupsOf(current());
    return units.findByCode(unitCode).map(u -> groups.contains(u.groupId())).orElse(false);
  }

  /** The groups of the current user: his units' groups, camunda-admin for an administrator. */
  public List<String> currentGroups() {
    return groupsOf(current());
  }

  /** Does the current user read every unit's data (the card office, the leaders, an administrator)? */
  public boolean readsAll() {
    List<String> groups = currentGroups();
    return groups.contains(OrgUnit.CARD_OFFICE_CODE) || groups.contains(OrgUnit.LEADERS_GROUP)
        || groups.contains(ADMIN_GROUP);
  }

  /** May the current user read the data of this unit (its own, or one below it)? */
  public boolean maySee(String unitCode) {
    if (readsAll()) {
      return true;
    }
    List<String> groups = currentGroups();
    String code = unitCode;
    while (code != null) {
      OrgUnit unit = units.findByCode(code).orElse(null);
      if (unit == null) {
        return false;
      }
      if (groups.contains(unit.groupId())) {
        return true;
      }
      code = unit.parentCode();
    }
    return false;
  }

  public void requireWorkFor(String unitCode) {
    if (!mayWorkFor(unitCode)) {
      throw new AccessDeniedException("无权为单位 " + unitCode + " 办理");
    }
  }

  public void requireSee(String unitCode) {
    if (!maySee(unitCode)) {
      throw new AccessDeniedException("无权查看单位 " + unitCode + " 的数据");
    }
  }

  /** Is the current user a Camunda administrator (group camunda-admin)? */
  public boolean isAdmin() {
    return groupsOf(current()).contains(ADMIN_GROUP);
  }

  public void requireAdmin() {
    if (!isAdmin()) {
      throw new AccessDeniedException("仅管理员可以执行此操作");
    }
  }

  private static List<String> groupsOf(Authentication auth) {
    return Objects.requireNonNullElse(auth.getGroupIds(), List.of());
  }
}
