package cn.panyu.card.security;

import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Puts {@link PersonalDataHistoryProducer} in place of the engine's default history event producer (the
 * engine keeps one set before it starts). History level stays full for everything else.
 */
@Component
public class PersonalDataHistoryPlugin extends AbstractProcessEnginePlugin {

  private final SecurityProperties properties;

  public PersonalDataHistoryPlugin(SecurityProperties properties) {
    this.properties = properties;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventProducer(
        new PersonalDataHistoryProducer(Set.copyOf(properties.personalDataVariables())));
  }
}
