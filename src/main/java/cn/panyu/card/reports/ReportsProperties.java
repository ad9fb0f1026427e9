package cn.panyu.card.reports;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the reports ({@code reports.*} in application.yaml).
 *
 * @param target cards the campaign aims at (616,000)
 * @param subsidy {@code amount-per-card}: the work subsidy per card issued, in yuan — a placeholder until the
 *     finance bureau's figure is known; change it in configuration, not in code
 * @param bulletin {@code cycle}: when the progress bulletin is built, as a Camunda timer cycle (a cron
 *     expression such as {@code 0 0 8 ? * MON}, or ISO 8601 {@code R/P7D})
 * @param metrics {@code refresh}: how old the cached figures behind the gauges may get;
 *     {@code scrape-user}/{@code scrape-password}: HTTP Basic for /actuator (an empty password closes it)
 */
@ConfigurationProperties("reports")
public record ReportsProperties(
    @DefaultValue("616000") int target,
    @DefaultValue Subsidy subsidy,
    @DefaultValue Bulletin bulletin,
    @DefaultValue Metrics metrics) {

  public record Subsidy(@DefaultValue("5.00") BigDecimal amountPerCard) {}

  public record Bulletin(@DefaultValue("0 0 8 ? * MON") String cycle) {}

  public record Metrics(@DefaultValue("30s") Duration refresh, @DefaultValue("prometheus") String scrapeUser,
      @DefaultValue("") String scrapePassword) {}
}
