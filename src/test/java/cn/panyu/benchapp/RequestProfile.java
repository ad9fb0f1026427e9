package cn.panyu.benchapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Where the application's request threads spend their CPU: per kind of request (method and path with ids taken out),
 * the requests and the CPU time of the thread that served them, authentication and the REST guard included (the
 * filter runs first). Database time is PostgreSQL's and shows in pg_stat_statements.
 */
@Configuration
public class RequestProfile {

  static final Map<String, AtomicLongArray> BY_REQUEST = new ConcurrentHashMap<>();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Bean
  FilterRegistrationBean<Filter> benchRequestProfile() {
    FilterRegistrationBean<Filter> bean = new FilterRegistrationBean<>(new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
          chain.doFilter(request, response);
        } finally {
          HttpServletRequest r = (HttpServletRequest) request;
          String key = r.getMethod() + " " + normalise(r.getRequestURI());
          AtomicLongArray a = BY_REQUEST.computeIfAbsent(key, k -> new AtomicLongArray(2));
          a.incrementAndGet(0);
          a.addAndGet(1, THREADS.getCurrentThreadCpuTime() - cpu);
        }
      }
    });
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
    bean.addUrlPatterns("/*");
    return bean;
  }

  static String normalise(String uri) {
    return uri.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
        .replaceAll("/(bench|bd[0-9]+i?[0-9]*|[A-Z]{2}[0-9A-Z-]+|GZ[0-9]+|[0-9]{6,})(?=/|$)", "/{n}")
        .replaceAll("/forms/[^/]+$", "/forms/{form}");
  }

  /** Requests and CPU nanoseconds so far, per kind of request. */
  static Map<String, long[]> snapshot() {
    Map<String, long[]> out = new TreeMap<>();
    BY_REQUEST.forEach((k, v) -> out.put(k, new long[] {v.get(0), v.get(1)}));
    return out;
  }
}
