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
    rateLimit = rateLimit == null ? new RateLimit(null, null, null, null, null, null) : rateLimit;
  }

  /**
   * Look-ups allowed in a sliding window, shared by all nodes: per client (its IP address), refused above
   * {@code perClient}; per ID number and client, refused above {@code perIdNumber}; per ID number from all
   * clients, each answer delayed by {@code slowDown} above {@code slowDownAfter} (never refused, so that no
   * caller can lock the owner out). Defaults: 10 a minute per client, 5 an hour per ID number and client,
   * 2 s delay above 20 an hour per ID number.
   */
  public record RateLimit(Integer perClient, Duration perClientWindow, Integer perIdNumber,
      Duration perIdNumberWindow, Integer slowDownAfter, Duration slowDown) {

    public RateLimit {
      perClient = perClient == null ? 10 : perClient;
      perClientWindow = perClientWindow == null ? Duration.ofMinutes(1) : perClientWindow;
      perIdNumber = perIdNumber == null ? 5 : perIdNumber;
      perIdNumberWindow = perIdNumberWindow == null ? Duration.ofHours(1) : perIdNumberWindow;
      slowDownAfter = slowDownAfter == null ? 20 : slowDownAfter;
      slowDown = slowDown == null ? Duration.ofSeconds(2) : slowDown;
    }
  }
}
