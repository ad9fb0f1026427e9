package cn.panyu.card.intake;

/**
 * Why an applicant's data was refused: the row as the user sees it in Excel (null for an individual
 * registration), the API field name, a stable reason code of DESIGN.md and a Chinese message.
 */
public record RowError(Integer row, String field, String reason, String message) {

  public RowError withRow(Integer newRow) {
    return new RowError(newRow, field, reason, message);
  }
}
