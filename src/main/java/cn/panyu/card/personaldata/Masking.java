package cn.panyu.card.personaldata;

/** Personal data as it may appear in logs and lists: ID numbers and phones masked. */
public final class Masking {

  private Masking() {}

  /** {@code 440113199003071235} -> {@code 4401**********1235}: no birth date, no sequence. */
  public static String idNumber(String id) {
    if (id == null || id.length() < 8) {
      return "****";
    }
    return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
  }

  /** {@code 13800138000} -> {@code 138****8000}. */
  public static String phone(String phone) {
    if (phone == null || phone.length() < 7) {
      return "****";
    }
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }
}
