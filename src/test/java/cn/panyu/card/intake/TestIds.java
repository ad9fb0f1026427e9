package cn.panyu.card.intake;

/** Valid ID numbers for tests (never real people's: the sequence numbers are made up). */
final class TestIds {

  private TestIds() {}

  /** A valid number: Panyu address code, the birth date (yyyyMMdd) and a sequence; male if odd. */
  static String id(String birth, int sequence) {
    String first17 = "440113" + birth + String.format("%03d", sequence);
    return first17 + IdNumber.checkCharacter(first17);
  }

  static String male(String birth) {
    return id(birth, 123);
  }

  static String female(String birth) {
    return id(birth, 124);
  }
}
