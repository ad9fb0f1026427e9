package cn.panyu.card.reports;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for /actuator/* with the configured scrape user (reports.metrics.scrape-user and
 * scrape-password); /actuator/health stays open for load balancers and container health checks. An empty
 * password (the default outside the demo profile) closes the endpoints.
 */
public class MetricsScrapeFilter extends OncePerRequestFilter {

  private final String user;
  private final String password;

  public MetricsScrapeFilter(String user, String password) {
    this.user = user;
    this.password = password;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || authorised(request)) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("WWW-Authenticate", "Basic realm=\"metrics\"");
    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
  }

  private boolean authorised(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (password == null || password.isEmpty() || header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String given;
    try {
      given = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
