package cn.panyu.card.security;

import cn.panyu.card.engine.AsSystem;
import cn.panyu.card.org.OrgUnitRepository;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The guard in front of both doors to the engine's REST API, after the authentication of /engine-rest. */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  /** After {@link ApiAuthenticationConfig}'s filters, which set the user of the request. */
  public static final int GUARD_ORDER = Ordered.LOWEST_PRECEDENCE;

  @Bean
  FilterRegistrationBean<EngineRestGuard> engineRestGuard(StepForms forms, OrgUnitRepository units,
      ProcessEngine engine, AsSystem asSystem, SecurityProperties properties) {
    FilterRegistrationBean<EngineRestGuard> bean = new FilterRegistrationBean<>(
        new EngineRestGuard(forms, units, engine.getIdentityService(), asSystem, engine.getName(), properties));
    bean.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    bean.setName("engine-rest-guard");
    bean.setOrder(GUARD_ORDER);
    return bean;
  }
}
