package cn.panyu.card.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;

/** ISO 8601 durations of the deadlines table (P60D, PT12H, P1DT6H) subtracted from a moment. */
final class IsoDurations {

  private IsoDurations() {}

  static Instant before(Instant moment, String isoDuration) {
    String iso = isoDuration.trim();
    int t = iso.indexOf('T');
    Period period = t < 0 ? Period.parse(iso) : (t == 1 ? Period.ZERO : Period.parse(iso.substring(0, t)));
    Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + iso.substring(t));
    return moment.atZone(ZoneId.systemDefault()).minus(period).minus(time).toInstant();
  }
}
