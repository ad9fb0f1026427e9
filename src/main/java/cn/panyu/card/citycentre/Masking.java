package cn.panyu.card.citycentre;

/** Personal data as it may appear in logs: ID numbers and phone numbers show only their ends. */
public final class Masking {

  private Masking() {}

  /** {@code 440113199003071235} → {@code 440113********1235} (the address code stays: it tells where, not who). */
  public static String idNumber(String id) {
    if (id == null) {
      return null;
    }
    if (id.length() <= 10) {
      return "*".repeat(id.length());
    }
    return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
  }

  /** {@code 13812345678} → {@code 138****5678}. */
  public static String phone(String phone) {
    if (phone == null) {
      return null;
    }
    if (phone.length() <= 7) {
      return "*".repeat(phone.length());
    }
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }
}
