package cn.panyu.card.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Several test contexts share one JVM, each with its own engine under a unique name
 * ({@code camunda.bpm.generate-unique-process-engine-name}). Camunda's REST API and webapps find "the
 * default engine" in a JVM-wide registry; this filter tells {@link RequestEngineProvider} which engine is
 * this context's for the request, so that {@code /engine-rest/...} and Tasklist behave as in production.
 * Found by the application's component scan, like {@link ProcessCoverage}.
 */
@Configuration
public class RequestEngine {

  static final ThreadLocal<ProcessEngine> CURRENT = new ThreadLocal<>();

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestEngineFilter(ProcessEngine engine) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        ProcessEngine before = CURRENT.get();
        CURRENT.set(engine);
        try {
          chain.doFilter(request, response);
        } finally {
          CURRENT.set(before);
        }
      }
    });
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
