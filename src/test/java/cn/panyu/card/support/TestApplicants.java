package cn.panyu.card.support;

import cn.panyu.card.intake.IdNumber;
import java.util.concurrent.atomic.AtomicInteger;

/** Made-up applicants with valid ID numbers (never real people's: the sequence numbers are invented). */
public final class TestApplicants {

  private static final AtomicInteger SEQUENCE = new AtomicInteger(100);

  private TestApplicants() {}

  /** A valid ID number with this address code and birth date (yyyyMMdd); male. Unique per call. */
  public static String idNumber(String addressCode, String birth) {
    int seq = SEQUENCE.getAndAdd(2) % 998 | 1;
    String first17 = addressCode + birth + String.format("%03d", seq);
    return first17 + IdNumber.checkCharacter(first17);
  }

  /** A Panyu resident born in 1990. */
  public static String panyu() {
    return idNumber("440113", "19900307");
  }

  /** Someone whose ID was issued outside Guangzhou: the City Centre has no police photo of him. */
  public static String outsideGuangzhou() {
    return idNumber("110105", "19850512");
  }
}
