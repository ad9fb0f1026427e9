package cn.panyu.card.status;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The public status page is static (static/status/index.html); /status and /status/ lead to it, so that
 * the short address in a text message works. Nothing on these paths needs a login: the Camunda webapp's
 * security covers /camunda/** only, the API's Basic authentication /api/* (except /api/public/**).
 */
@Configuration
@EnableConfigurationProperties(StatusProperties.class)
public class StatusPageConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/status", "/status/");
    registry.addViewController("/status/").setViewName("forward:/status/index.html");
  }
}
