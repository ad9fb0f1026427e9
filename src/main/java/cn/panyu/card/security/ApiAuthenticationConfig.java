package cn.panyu.card.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP Basic with the Camunda users for Camunda's REST API and the application's own API. The engine's
 * filter sets the engine authentication for the request, so authorizations apply to every call.
 * The City Card Centre's callbacks (/api/card-centre/**) carry a token instead and are let through here, as
 * is the public status API. /actuator/* has its own scrape credentials (reports.MetricsScrapeFilter).
 */
@Configuration
public class ApiAuthenticationConfig {

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> bean =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    bean.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    bean.addUrlPatterns("/engine-rest/*");
    bean.setName("engine-rest-authentication");
    // before the guard (EngineRestGuard), which needs the user
    bean.setOrder(SecurityConfiguration.GUARD_ORDER - 10);
    return bean;
  }

  @Bean
  FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication() {
    FilterRegistrationBean<ApiAuthenticationFilter> bean = new FilterRegistrationBean<>(new ApiAuthenticationFilter());
    bean.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    // /actuator/* has its own scrape credentials (reports.MetricsScrapeFilter): Prometheus is not a member of staff
    bean.addUrlPatterns("/api/*");
    bean.setName("api-authentication");
    bean.setOrder(SecurityConfiguration.GUARD_ORDER - 10);
    return bean;
  }
}
