package cn.panyu.card.citycentre;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code card-centre.*}: where the City Card Centre is and how long to wait for it.
 *
 * @param baseUrl base URL of its exchange API, ending in {@code /ccc/v1}
 * @param callbackBaseUrl how the centre reaches this application (the callbacks' base URL)
 * @param callbackToken the shared secret the centre sends in {@code X-Callback-Token}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 */
@ConfigurationProperties(prefix = "card-centre")
public record CityCentreProperties(
    String baseUrl,
    String callbackBaseUrl,
    String callbackToken,
    Duration connectTimeout,
    Duration readTimeout) {

  public CityCentreProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
  }

  /** The same settings with other timeouts (tests, or a slower call such as a large batch). */
  public CityCentreProperties withTimeouts(Duration connect, Duration read) {
    return new CityCentreProperties(baseUrl, callbackBaseUrl, callbackToken, connect, read);
  }

  public CityCentreProperties withBaseUrl(String url) {
    return new CityCentreProperties(url, callbackBaseUrl, callbackToken, connectTimeout, readTimeout);
  }
}
