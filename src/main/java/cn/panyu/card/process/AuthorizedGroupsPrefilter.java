package cn.panyu.card.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Before every authorization check the engine reads the ids of all groups that hold any authorization, {@code
 * SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION}, once per command, only to shorten the user's group list in
 * the check's {@code GROUP_ID_ IN (...)}. The table grows by the per-instance grants of every application
 * ({@code InstanceAccess}), so that look-up is a full scan that grows with the campaign: the costliest statement
 * of a registration, and of every Tasklist page, which makes several commands (src/benchmark/). Our users belong
 * to one to three groups: for them the list is used as it is, which selects exactly the same authorizations
 * (camunda/camunda-bpm-platform#5485; CIB seven's authGroupFilterThreshold does the same).
 */
@Component
public class AuthorizedGroupsPrefilter extends AbstractProcessEnginePlugin {

  private final int maxGroups;

  public AuthorizedGroupsPrefilter(@Value("${card.authorization.unfiltered-max-groups}") int maxGroups) {
    this.maxGroups = maxGroups;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = new ArrayList<>();
    if (configuration.getCustomSessionFactories() != null) {
      factories.addAll(configuration.getCustomSessionFactories());
    }
    // custom session factories replace the engine's own for the same session type
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new Manager(maxGroups);
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  static class Manager extends AuthorizationManager {
    private final int maxGroups;

    Manager(int maxGroups) {
      this.maxGroups = maxGroups;
    }

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> groupIds) {
      if (groupIds == null || groupIds.isEmpty() || groupIds.size() > maxGroups) {
        return super.filterAuthenticatedGroupIds(groupIds);
      }
      return groupIds.stream().filter(Objects::nonNull).distinct().collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
