package cn.panyu.card.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * The engine's Basic authentication for /api/*, except the paths that outsiders call with their own
 * credentials: the City Card Centre's callbacks (a shared token) and the public status page.
 */
public class ApiAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = ((HttpServletRequest) request).getRequestURI()
        .substring(((HttpServletRequest) request).getContextPath().length());
    if (path.startsWith("/api/card-centre/") || path.startsWith("/api/public/")) {
      chain.doFilter(request, response);
      return;
    }
    super.doFilter(request, response, chain);
  }
}
