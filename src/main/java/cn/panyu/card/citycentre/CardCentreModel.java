package cn.panyu.card.citycentre;

import cn.panyu.card.personaldata.Masking;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The messages of the City Card Centre exchange API (static/openapi/city-card-centre.yaml), shared by the
 * client and the simulator. Records that carry personal data mask it in {@code toString()} so that a
 * record that ends up in a log line never shows an ID number or a phone number.
 */
public final class CardCentreModel {

  private CardCentreModel() {}

  public enum Mode { INDIVIDUAL, COLLECTIVE }

  public enum PhotoSource { POLICE, UPLOAD, STUDIO }

  public enum Outcome { MADE, INELIGIBLE }

  /** The centre's ineligibility reasons (stable codes, DESIGN.md "Data rules"). */
  public enum IneligibleReason { NO_POLICE_PHOTO, PHOTO_QUALITY, HAS_FINANCIAL_CARD, AGE_LIMIT }

  public enum CardReportReason { LOST, DAMAGED, EXPIRED, DATA_CHANGE }

  /** One applicant as the centre receives it. Gender 男/女, residency 户籍/非户籍参保 as in the application. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApplicationData(
      String applicationNumber,
      String name,
      String gender,
      String idNumber,
      String phone,
      String bank,
      String residency,
      String workId,
      PhotoSource photoSource,
      byte[] photo,
      String studioReceipt) {

    @Override
    public String toString() {
      return "ApplicationData[" + applicationNumber + ", id=" + Masking.idNumber(idNumber)
          + ", phone=" + Masking.phone(phone) + ", photoSource=" + photoSource + "]";
    }
  }

  /** The body of POST /application-batches. The Idempotency-Key header equals {@code submissionId}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApplicationBatch(
      String submissionId,
      Mode mode,
      String unitCode,
      String callbackUrl,
      String activationCallbackUrl,
      List<ApplicationData> applications) {}

  /** 202 answer to a submission; the same answer again for a repeated Idempotency-Key. */
  public record SubmissionReceipt(String submissionId, int received) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CardResult(
      String applicationNumber,
      Outcome outcome,
      IneligibleReason reason,
      String cardNumber,
      String cardBatchNumber) {

    public boolean made() {
      return outcome == Outcome.MADE;
    }
  }

  /**
   * Card-making results of one submission: the body of the results callback and of
   * GET /application-batches/{submissionId} (which adds {@code status}: PROCESSING or COMPLETED).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResultsReport(String submissionId, String status, List<CardResult> results) {}

  /** The centre's callback when a holder activates the card at the bank. */
  public record ActivationNotice(String cardNumber, String applicationNumber, OffsetDateTime activatedAt) {}

  /** A card batch arrived at the District Card Office (optional acknowledgement). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CardBatchReceipt(String cardBatchNumber, int receivedCount, String remarks) {}

  /** A stamped sign-off sheet of an institution's card batch (the scan as a PDF or image, optional). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignOffSheet(String institutionCode, String cardBatchNumber, int signedCount, byte[] documentBase64) {

    @Override
    public String toString() {
      return "SignOffSheet[" + institutionCode + ", " + cardBatchNumber + ", signed=" + signedCount + "]";
    }
  }

  /** Overdue cards handed back to the centre. */
  public record ReturnedCards(List<String> cardNumbers, String reason) {}

  /** An old card to stop, before a replacement is made. */
  public record CardReport(String cardNumber, CardReportReason reason) {}

  /** The answer to every other accepted call (sign-off sheet, returned cards, card report, receipt). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Acknowledgement(String reference, String receivedAt) {}

  /** The body of every refusal: a stable reason code and a message without personal data. */
  public record CentreError(String reason, String message) {}
}
