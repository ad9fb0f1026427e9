package cn.panyu.card.custody;

import java.util.Map;

/**
 * Every card made, accounted for exactly once by its latest ledger row: at rest at a location
 * ({@code heldByLocation}, CITY_CENTRE and the units), in transit between two units, issued to its holder,
 * or returned to the City Card Centre. {@code unaccounted = made - (held + inTransit + issued + returned)}
 * must be 0; anything else means the ledger holds a card that was never made, or lost one.
 */
public record CustodyReconciliation(long made, Map<String, Long> heldByLocation, long inTransit,
    long issued, long returned, long unaccounted) {

  public long held() {
    return heldByLocation.values().stream().mapToLong(Long::longValue).sum();
  }
}
