package cn.panyu.card.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code status.*}: the public status page.
 *
 * @param pageUrl the page's address as applicants reach it (it goes into the "card ready" notification)
 * @param rateLimit how many look-ups a client and an ID number may make
 */
@ConfigurationProperties(prefix = "status")
public record StatusProperties(String pageUrl, RateLimit rateLimit) {

  public StatusProperties {
    pageUrl = pageUrl == null ? "http://localhost:8080/status/" : pageUrl;
    rateLimit = rateLimit == null ? new RateLimit(null, null, null, null) : rateLimit;
  }

  /**
   * Look-ups allowed in a sliding window: per client (its IP address) and per ID number (whoever asks).
   * Defaults: 10 a minute per client, 5 an hour per ID number.
   */
  public record RateLimit(Integer perClient, Duration perClientWindow, Integer perIdNumber,
      Duration perIdNumberWindow) {

    public RateLimit {
      perClient = perClient == null ? 10 : perClient;
      perClientWindow = perClientWindow == null ? Duration.ofMinutes(1) : perClientWindow;
      perIdNumber = perIdNumber == null ? 5 : perIdNumber;
      perIdNumberWindow = perIdNumberWindow == null ? Duration.ofHours(1) : perIdNumberWindow;
    }
  }
}
