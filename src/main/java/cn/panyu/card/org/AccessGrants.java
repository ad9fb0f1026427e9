package cn.panyu.card.org;

import java.util.Arrays;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.springframework.stereotype.Component;

/**
 * Grants engine permissions to a group, idempotently: the engine keeps one grant row per group and
 * resource (a unique key), so an existing row gets the missing permissions added instead of a second row.
 */
@Component
public class AccessGrants {

  private final AuthorizationService authorizations;

  public AccessGrants(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  /** Grants {@code permissions} on {@code resource}/{@code resourceId} to the group; true if anything changed. */
  public boolean grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    return upsert(groupId, resource, resourceId, permissions) != null;
  }

  /** As {@link #grant}, returning the saved authorization, or null when it had the permissions already. */
  Authorization upsert(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = authorizations.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(groupId)
        .resourceType(resource)
        .resourceId(resourceId)
        .singleResult();
    boolean isNew = auth == null;
    if (isNew) {
      auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    }
    Authorization existing = auth;
    Permission[] missing = Arrays.stream(permissions)
        .filter(p -> isNew || !existing.isPermissionGranted(p))
        .toArray(Permission[]::new);
    if (missing.length == 0) {
      return null;
    }
    for (Permission p : missing) {
      auth.addPermission(p);
    }
    return authorizations.saveAuthorization(auth);
  }
}
