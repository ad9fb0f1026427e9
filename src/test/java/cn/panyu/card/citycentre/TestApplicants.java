package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;

/** Applicants and photos for the City Card Centre tests (made-up people, valid ID numbers). */
public final class TestApplicants {

  /** Guangzhou (Panyu) ID, born 1990: a card is made. */
  public static final String YOUNG_PANYU = "440113199003071235";
  /** Jiangxi ID (address code 3601…), born 1990: no police photo in Guangzhou. */
  public static final String NOT_GUANGZHOU = "360102199001013016";
  /** Listed in src/main/resources/simulator/financial-cards.txt. */
  public static final String HAS_FINANCIAL_CARD = "440113198506123012";
  /** Panyu ID, born 1950-01-01. */
  public static final String BORN_1950 = "440113195001012014";

  private TestApplicants() {}

  public static ApplicationData applicant(String applicationNumber, String idNumber, PhotoSource source,
      byte[] photo, String residency) {
    return new ApplicationData(applicationNumber, "测试人员", "男", idNumber, "13812345678", "中国工商银行",
        residency, null, source, photo, source == PhotoSource.STUDIO ? "STUDIO-0001" : null);
  }

  public static ApplicationData police(String applicationNumber, String idNumber) {
    return applicant(applicationNumber, idNumber, PhotoSource.POLICE, null, "户籍");
  }

  /** A Panyu ID number for someone born on that day (sequence 201, male), with its check character. */
  public static String panyuIdBornOn(LocalDate birth) {
    String first17 = "440113" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + "201";
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * weights[i];
    }
    return first17 + "10X98765432".charAt(sum % 11);
  }

  public static byte[] jpeg(int width, int height) {
    return image("jpg", width, height);
  }

  public static byte[] png(int width, int height) {
    return image("png", width, height);
  }

  private static byte[] image(String format, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
