package cn.panyu.card.intake;

/**
 * What every value goes through before the rules see it: full-width ASCII (digits, letters, the
 * ideographic space) becomes half-width, spaces of any kind and invisible marks (BOM, zero-width)
 * are trimmed, and inner runs of whitespace are removed from codes (ID, phone).
 */
public final class TextNormaliser {

  private TextNormaliser() {}

  /** Full-width to half-width and trimmed; null or blank gives null. */
  public static String text(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0);
      } else if (c == '\u3000' || c == '\u00A0') {
        c = ' ';
      } else if (c == '\uFEFF' || c == '\u200B' || c == '\u200C' || c == '\u200D') {
        continue;
      }
      sb.append(c);
    }
    String s = sb.toString().strip();
    return s.isEmpty() ? null : s;
  }

  /** Like {@link #text} and without any whitespace inside (ID numbers, phones, work IDs). */
  public static String code(String value) {
    String s = text(value);
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
