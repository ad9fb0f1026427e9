package cn.panyu.card.reports;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ReportsProperties.class)
public class ReportsConfiguration {

  /** The actuator endpoints (metrics) are not anonymous beyond /actuator/health. */
  @Bean
  FilterRegistrationBean<MetricsScrapeFilter> metricsScrapeAuthentication(ReportsProperties properties) {
    FilterRegistrationBean<MetricsScrapeFilter> bean = new FilterRegistrationBean<>(
        new MetricsScrapeFilter(properties.metrics().scrapeUser(), properties.metrics().scrapePassword()));
    bean.addUrlPatterns("/actuator/*");
    bean.setName("metrics-scrape-authentication");
    return bean;
  }
}
