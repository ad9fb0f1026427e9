package cn.panyu.card.intake;

/**
 * One applicant's data as entered: a row of a batch file or an individual registration. Field names
 * are the API's JSON names. {@code residency} may be null (the default 户籍 applies); {@code workId}
 * is the 工作证号 or 学籍号 and optional for individual registrations; {@code enterpriseEmployee} is
 * 是 or 否 (null: not asked, i.e. 否) — insured enterprise employees are not served by the campaign
 * (plan §3).
 */
public record ApplicantData(String name, String gender, String idNumber, String phone, String bank,
    String residency, String workId, String enterpriseEmployee) {

  /** Data without the enterprise-employee answer (files and clients from before the question existed). */
  public ApplicantData(String name, String gender, String idNumber, String phone, String bank, String residency,
      String workId) {
    this(name, gender, idNumber, phone, bank, residency, workId, null);
  }

  /** Whether the applicant said he or she is employed by an enterprise. */
  public boolean isEnterpriseEmployee() {
    return YES.equals(enterpriseEmployee);
  }

  public static final String FIELD_NAME = "name";
  public static final String FIELD_GENDER = "gender";
  public static final String FIELD_ID_NUMBER = "idNumber";
  public static final String FIELD_PHONE = "phone";
  public static final String FIELD_BANK = "bank";
  public static final String FIELD_RESIDENCY = "residency";
  public static final String FIELD_WORK_ID = "workId";
  public static final String FIELD_ENTERPRISE_EMPLOYEE = "enterpriseEmployee";
  /** Not an applicant field: the photo of a batch row, from the photo ZIP. */
  public static final String FIELD_PHOTO = "photo";

  public static final String RESIDENT = "户籍";
  public static final String NON_RESIDENT_INSURED = "非户籍参保";
  public static final String MALE = "男";
  public static final String FEMALE = "女";
  public static final String YES = "是";
  public static final String NO = "否";
}
