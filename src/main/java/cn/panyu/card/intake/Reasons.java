package cn.panyu.card.intake;

/** The stable reason codes of DESIGN.md "Data rules" that intake gives. */
public final class Reasons {

  private Reasons() {}

  // row reasons
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String ID_FORMAT = "ID_FORMAT";
  public static final String ID_CHECKSUM = "ID_CHECKSUM";
  public static final String ID_BIRTHDATE = "ID_BIRTHDATE";
  public static final String ID_REGION = "ID_REGION";
  public static final String GENDER_MISMATCH = "GENDER_MISMATCH";
  public static final String AGE_LIMIT = "AGE_LIMIT";
  /** A non-registered insured person employed by an enterprise: served through other channels (plan §3). */
  public static final String ENTERPRISE_EMPLOYEE = "ENTERPRISE_EMPLOYEE";
  public static final String PHONE_FORMAT = "PHONE_FORMAT";
  public static final String UNKNOWN_BANK = "UNKNOWN_BANK";
  public static final String DUPLICATE_IN_BATCH = "DUPLICATE_IN_BATCH";
  public static final String ALREADY_APPLIED = "ALREADY_APPLIED";
  public static final String PHOTO_MISSING = "PHOTO_MISSING";
  public static final String PHOTO_INVALID = "PHOTO_INVALID";

  // file reasons (the whole file is refused)
  public static final String FILE_UNREADABLE = "FILE_UNREADABLE";
  public static final String FILE_PASSWORD = "FILE_PASSWORD";
  public static final String FILE_HEADER = "FILE_HEADER";
  public static final String FILE_EMPTY = "FILE_EMPTY";
  public static final String FILE_TOO_LARGE = "FILE_TOO_LARGE";
}
