package cn.panyu.card.status;

import java.time.LocalDate;

/**
 * What the public status page shows: the status in plain words and nothing about the person. Absent fields
 * are left out of the JSON.
 *
 * @param found false for an unknown ID number and for a wrong phone alike (then nothing else is set)
 * @param status the stable status value (DESIGN.md)
 * @param title the status in a few words
 * @param description what it means
 * @param advice what the applicant should do now, if anything
 * @param reason the City Card Centre's reason code (INELIGIBLE only)
 * @param reasonText that reason in plain words
 * @param unitName the village committee or institution that took the application
 * @param cardLocation where the card is now (made, on its way, recovered)
 * @param collection where and until when to collect the card (AT_ISSUING_UNIT only)
 * @param updatedOn the day of the latest change
 */
public record StatusView(
    boolean found,
    String message,
    String applicationNumber,
    String status,
    String title,
    String description,
    String advice,
    String reason,
    String reasonText,
    String unitName,
    String cardLocation,
    Collection collection,
    LocalDate updatedOn) {

  /** The one answer to an unknown ID number and to a known one with the wrong phone digits. */
  public static final StatusView NOT_FOUND = new StatusView(false,
      "未查询到匹配的申请。请核对身份证号码和申请时所留手机号码的后4位；如仍查不到，请咨询受理您申请的村（居）委或单位。",
      null, null, null, null, null, null, null, null, null, null, null);

  /** @param place the unit that holds the card; @param until the last day to collect it */
  public record Collection(String place, LocalDate until) {}
}
