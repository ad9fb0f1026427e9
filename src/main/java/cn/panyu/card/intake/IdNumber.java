package cn.panyu.card.intake;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Set;

/**
 * The 18-character resident ID number (GB 11643-1999): positions 1–6 the address code of the county where it was
 * issued (Panyu 440113), 7–14 the birth date (YYYYMMDD), 15–17 a sequence whose last digit is odd for men and even
 * for women, 18 the check character (ISO 7064 MOD 11-2: the sum of the first 17 digits weighted by
 * 2^(18-i) mod 11, taken mod 11, picks one of {@code 1 0 X 9 8 7 6 5 4 3 2}). Worked example:
 * {@code 440113199003071235}, a man born on 1990-03-07.
 *
 * <p>Lower-case {@code x}: {@link #normalise} turns it into the canonical upper-case {@code X}
 * (people type it so, and Excel keeps what they type); the stored and compared form is always upper
 * case, so {@code ...109x} and {@code ...109X} are the same person (a duplicate, not two people).
 */
public final class IdNumber {

  private IdNumber() {}

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  /**
   * Province-level codes of GB/T 2260 (incl. 71 Taiwan, 81 Hong Kong, 82 Macao; 83 is used by
   * residence permits of Taiwan residents). The second pair (prefecture) is never 00 in a number
   * issued to a person.
   */
  private static final Set<String> PROVINCES = Set.of(
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
      "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
      "71", "81", "82", "83");

  /** Half-width, no spaces, lower-case x made upper case; null when blank. */
  public static String normalise(String raw) {
    String s = TextNormaliser.code(raw);
    if (s == null) {
      return null;
    }
    return s.length() == 18 && s.charAt(17) == 'x' ? s.substring(0, 17) + 'X' : s;
  }

  /** 17 digits then a digit or X (after {@link #normalise}). */
  public static boolean hasFormat(String id) {
    if (id == null || id.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return false;
      }
    }
    char last = id.charAt(17);
    return (last >= '0' && last <= '9') || last == 'X';
  }

  /** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  public static boolean hasValidCheck(String id) {
    return checkCharacter(id) == id.charAt(17);
  }

  /** The birth date, or null if positions 7-14 are not a real date. */
  public static LocalDate birthDate(String id) {
    try {
      return LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  public static boolean hasValidRegion(String id) {
    return PROVINCES.contains(id.substring(0, 2)) && !"00".equals(id.substring(2, 4));
  }

  /** The 17th digit is odd for men, even for women. */
  public static String gender(String id) {
    return (id.charAt(16) - '0') % 2 == 1 ? ApplicantData.MALE : ApplicantData.FEMALE;
  }

  /**
   * Whole years of age on {@code day}: the birthday itself counts. A 29 February birthday is reached
   * on 29 February in leap years and on 1 March in other years ({@link Period} semantics).
   */
  public static int ageOn(LocalDate birth, LocalDate day) {
    return Period.between(birth, day).getYears();
  }

  /** Packs a well-formed ID number into a long (17 digits and the check value 0..10). */
  static long pack(String id) {
    long v = Long.parseLong(id, 0, 17, 10);
    char last = id.charAt(17);
    return v * 11 + (last == 'X' ? 10 : last - '0');
  }
}
