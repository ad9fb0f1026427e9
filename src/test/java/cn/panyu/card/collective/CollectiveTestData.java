package cn.panyu.card.collective;

import cn.panyu.card.citycentre.TestApplicants;
import cn.panyu.card.intake.IdNumber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Batch files, photo archives and valid ID numbers for the collective tests (made-up people only). */
final class CollectiveTestData {

  private CollectiveTestData() {}

  /**
   * Listed in src/main/resources/simulator/financial-cards.txt: the simulator answers HAS_FINANCIAL_CARD. The
   * individual tests use 440113198506123012 in the same database: not here.
   */
  static final String HAS_FINANCIAL_CARD = "440113199203044020";
  static final String HAS_FINANCIAL_CARD_2 = "440113200001015032";
  static final String HAS_FINANCIAL_CARD_3 = "440113197809096045";

  private static final AtomicInteger next = new AtomicInteger();

  /** One row of a batch file: bank, name, gender, ID number, phone, work/student number, residency. */
  record Person(String name, String idNumber, String workId) {
    String gender() {
      return IdNumber.gender(idNumber);
    }
  }

  /**
   * A valid ID number under this address code, with a birth date and sequence no other test uses, and
   * never one of the simulator's financial-card holders (unless a test asks for one by name).
   */
  static String id(String addressCode) {
    while (true) {
      int n = next.incrementAndGet();
      String birth = String.format("19%02d%02d%02d", 72 + n % 7, 1 + n % 12, 1 + (n / 12) % 28);
      String first17 = addressCode + birth + String.format("%03d", 500 + n % 500);
      String id = first17 + IdNumber.checkCharacter(first17);
      if (!FINANCIAL_CARDS.contains(id)) {
        return id;
      }
    }
  }

  private static final java.util.Set<String> FINANCIAL_CARDS = financialCards();

  private static java.util.Set<String> financialCards() {
    try (var in = CollectiveTestData.class.getResourceAsStream("/simulator/financial-cards.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Panyu resident (the police photo is found). */
  static Person panyu() {
    int n = next.get() + 1;
    return new Person("集体" + n, id("440113"), "W" + String.format("%06d", n));
  }

  /** Someone whose ID card is not from Guangzhou: without a photo the centre answers NO_POLICE_PHOTO. */
  static Person notGuangzhou() {
    int n = next.get() + 1;
    return new Person("外地" + n, id("360102"), "W" + String.format("%06d", n));
  }

  static Person withId(String idNumber) {
    int n = next.incrementAndGet();
    return new Person("已持卡" + n, idNumber, "W" + String.format("%06d", n));
  }

  static List<Person> panyu(int count) {
    List<Person> people = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      people.add(panyu());
    }
    return people;
  }

  /** A CSV batch file (UTF-8) with the plan's columns; {@code workIdHeader} 工作证号 or 学籍号. */
  static byte[] csv(String workIdHeader, List<Person> people) {
    return csv(workIdHeader, people, List.of());
  }

  /** The same, plus rows with a phone number that intake refuses (PHONE_FORMAT). */
  static byte[] csv(String workIdHeader, List<Person> people, List<Person> badPhone) {
    StringBuilder s = new StringBuilder("银行,姓名,性别,身份证号,联系电话," + workIdHeader + ",户籍类别\n");
    int i = 0;
    for (Person p : people) {
      s.append(row(p, "1380013" + String.format("%04d", i++ % 10000)));
    }
    for (Person p : badPhone) {
      s.append(row(p, "12345"));
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String row(Person p, String phone) {
    return String.join(",", "中国工商银行", p.name(), p.gender(), p.idNumber(), phone, p.workId(), "户籍") + "\n";
  }

  /** A ZIP of good photos named by ID number. */
  static byte[] photos(List<Person> people) {
    return photos(people, TestApplicants.jpeg(358, 441));
  }

  /** A ZIP of pictures that are no JPEG photos (PNG images named .jpg). */
  static byte[] notPhotos(List<Person> people) {
    return photos(people, TestApplicants.png(358, 441));
  }

  private static byte[] photos(List<Person> people, byte[] image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Person p : people) {
        zip.putNextEntry(new ZipEntry(p.idNumber() + ".jpg"));
        zip.write(image);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** A made-up scan of the stamped sign-off sheets. */
  static byte[] scan() {
    return "%PDF-1.4 stamped sign-off sheets".getBytes(StandardCharsets.US_ASCII);
  }
}
