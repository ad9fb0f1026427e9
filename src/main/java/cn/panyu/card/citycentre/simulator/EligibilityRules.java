package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.IneligibleReason;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The City Card Centre's eligibility rules as DESIGN.md states them, deterministic; the first that
 * applies is the reason:
 * <ol>
 *   <li>{@code NO_POLICE_PHOTO}: the ID number's address code does not start with 4401 (not a Guangzhou
 *       ID card, so no police photo) and no photo was supplied (photo source POLICE);</li>
 *   <li>{@code PHOTO_QUALITY}: a supplied photo is not a JPEG or smaller than 358×441 pixels (also an
 *       upload without a photo);</li>
 *   <li>{@code HAS_FINANCIAL_CARD}: the ID number is in the registry of existing financial cards;</li>
 *   <li>{@code AGE_LIMIT}: a registered resident (户籍, the default) aged 60 or over on the day of card making.</li>
 * </ol>
 */
public class EligibilityRules {

  public static final int MIN_PHOTO_WIDTH = 358;
  public static final int MIN_PHOTO_HEIGHT = 441;
  public static final int AGE_LIMIT = 60;
  static final String NON_REGISTERED = "非户籍参保";

  private final Set<String> financialCards;

  public EligibilityRules(Set<String> financialCards) {
    this.financialCards = Set.copyOf(financialCards);
  }

  public Optional<IneligibleReason> check(ApplicationData a, LocalDate cardMakingDay) {
    String id = a.idNumber().toUpperCase(Locale.ROOT);
    boolean photoSupplied = a.photo() != null && a.photo().length > 0;
    if (a.photoSource() == PhotoSource.POLICE && !photoSupplied && !id.startsWith("4401")) {
      return Optional.of(IneligibleReason.NO_POLICE_PHOTO);
    }
    if ((photoSupplied && !photoGoodEnough(a.photo())) || (a.photoSource() == PhotoSource.UPLOAD && !photoSupplied)) {
      return Optional.of(IneligibleReason.PHOTO_QUALITY);
    }
    if (financialCards.contains(id)) {
      return Optional.of(IneligibleReason.HAS_FINANCIAL_CARD);
    }
    if (!NON_REGISTERED.equals(a.residency()) && ageOn(id, cardMakingDay).map(age -> age >= AGE_LIMIT).orElse(false)) {
      return Optional.of(IneligibleReason.AGE_LIMIT);
    }
    return Optional.empty();
  }

  /** A JPEG (by its content, not its name) of at least 358×441 pixels; only the header is read. */
  static boolean photoGoodEnough(byte[] photo) {
    if (photo.length < 3 || (photo[0] & 0xFF) != 0xFF || (photo[1] & 0xFF) != 0xD8) {
      return false;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(photo))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return false;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
          return false;
        }
        return reader.getWidth(0) >= MIN_PHOTO_WIDTH && reader.getHeight(0) >= MIN_PHOTO_HEIGHT;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<Integer> ageOn(String id, LocalDate day) {
    try {
      LocalDate birth = LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
      return Optional.of(Period.between(birth, day).getYears());
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return Optional.empty(); // intake checks the birth date; the centre does not judge what it cannot read
    }
  }
}
