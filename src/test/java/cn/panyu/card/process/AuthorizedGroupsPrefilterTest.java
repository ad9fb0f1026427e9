package cn.panyu.card.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Users with a few groups skip the engine's scan for groups with grants; users with many still get it. */
@H2Test
class AuthorizedGroupsPrefilterTest {

  @Autowired ProcessEngine engine;
  @Autowired AuthorizationService authorizations;
  @Value("${card.authorization.unfiltered-max-groups}") int maxGroups;

  @Test
  void theEngineUsesTheApplicationsAuthorizationManager() {
    assertThat(configuration().getSessionFactories().get(AuthorizationManager.class).openSession())
        .isInstanceOf(AuthorizedGroupsPrefilter.Manager.class);
  }

  @Test
  void aFewGroupsAreUsedAsTheyAreWithoutLookingAtTheGrants() {
    List<String> groups = Arrays.asList("no-grants-a", null, "no-grants-b", "no-grants-a");
    assertThat(filter(groups)).containsExactly("no-grants-a", "no-grants-b");
  }

  @Test
  void manyGroupsAreShortenedToThoseWithGrantsAsTheEngineDoes() {
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId("prefilter-granted");
    grant.setResource(Resources.FILTER);
    grant.setResourceId("prefilter-test");
    grant.addPermission(Permissions.READ);
    authorizations.saveAuthorization(grant);
    try {
      List<String> groups = new ArrayList<>(IntStream.range(0, maxGroups).mapToObj(i -> "no-grants-" + i).toList());
      groups.add("prefilter-granted");
      assertThat(filter(groups)).containsExactly("prefilter-granted");
    } finally {
      authorizations.deleteAuthorization(grant.getId());
    }
  }

  private List<String> filter(List<String> groups) {
    return configuration().getCommandExecutorTxRequired()
        .execute(context -> context.getAuthorizationManager().filterAuthenticatedGroupIds(groups));
  }

  private ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }
}
