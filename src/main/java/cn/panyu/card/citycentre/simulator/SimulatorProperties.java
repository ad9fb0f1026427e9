package cn.panyu.card.citycentre.simulator;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code card-centre.simulator.*}.
 *
 * @param enabled whether the simulator runs at all (demo profile and the standalone process)
 * @param cardMakingDelay how long after a submission the cards are made and the results called back
 * @param financialCards resource with the ID numbers that already hold a financial card
 * @param callbackToken the {@code X-Callback-Token} it sends; empty = {@code card-centre.callback-token}
 * @param zone the centre's time zone: "the day of card making" for the age limit
 * @param faults the faults it starts with (changed at runtime through PUT /ccc/v1/_simulator/faults)
 */
@ConfigurationProperties(prefix = "card-centre.simulator")
public record SimulatorProperties(
    boolean enabled,
    Duration cardMakingDelay,
    String financialCards,
    String callbackToken,
    ZoneId zone,
    FaultSettings faults) {

  public SimulatorProperties {
    cardMakingDelay = cardMakingDelay == null ? Duration.ofSeconds(5) : cardMakingDelay;
    financialCards = financialCards == null ? "classpath:simulator/financial-cards.txt" : financialCards;
    zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    faults = faults == null ? FaultSettings.NONE : faults;
  }
}
