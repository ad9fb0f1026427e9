package cn.panyu.card.application;

import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.ApplicantRules;
import cn.panyu.card.intake.RowError;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers an individual application: the intake rules that batch rows pass too, plus the photo source,
 * then the application row and the claim on the ID number (a second live application is ALREADY_APPLIED).
 */
@Service
public class RegistrationService {

  /** The registration was refused; nothing was stored. */
  public static class RegistrationRefused extends RuntimeException {
    private final List<RowError> errors;

    public RegistrationRefused(List<RowError> errors) {
      super("登记资料未通过核验");
      this.errors = List.copyOf(errors);
    }

    public List<RowError> errors() {
      return errors;
    }
  }

  private final ApplicantRules rules;
  private final ApplicationRepository applications;
  private final Documents documents;
  private final ApplicantClaims claims;
  private final Clock clock;

  public RegistrationService(ApplicantRules rules, ApplicationRepository applications, Documents documents,
      ApplicantClaims claims, Clock clock) {
    this.rules = rules;
    this.applications = applications;
    this.documents = documents;
    this.claims = claims;
    this.clock = clock;
  }

  /** The reasons why this registration would be refused; empty when it passes the rules. */
  public List<RowError> check(IndividualRegistration registration, byte[] photo, boolean photoRequired) {
    IndividualRegistration r = normalise(registration);
    List<RowError> errors = new ArrayList<>(rules.check(r.applicant(), LocalDate.now(clock)));
    errors.addAll(photoErrors(r, photo, photoRequired));
    return errors;
  }

  /**
   * @param photo a JPEG when the photo source is UPLOAD and the photo comes with the registration (API);
   *     null when it follows in Tasklist's upload step
   * @return the new application number
   */
  // a refusal is an answer, not a failure: the engine's transaction around a delegate must go on
  @Transactional(noRollbackFor = RegistrationRefused.class)
  public String register(IndividualRegistration registration, byte[] photo, boolean photoRequired, String actor) {
    List<RowError> errors = check(registration, photo, photoRequired);
    if (!errors.isEmpty()) {
      throw new RegistrationRefused(errors);
    }
    IndividualRegistration r = normalise(registration);
    ApplicantData applicant = r.applicant();
    String number = applications.nextApplicationNumber("IA" + r.villageCode() + "-");
    if (!claims.claim(applicant.idNumber(), number)) {
      throw new RegistrationRefused(List.of(new RowError(null, ApplicantData.FIELD_ID_NUMBER, "ALREADY_APPLIED",
          "该身份证号码已有正在办理的申请")));
    }
    Long photoId = photo == null ? null : documents.store("PHOTO", number + ".jpg", "image/jpeg", photo, actor);
    applications.insertIndividual(number, r, photoId, actor);
    return number;
  }

  private IndividualRegistration normalise(IndividualRegistration r) {
    return new IndividualRegistration(rules.normalise(r.applicant()), r.photoSource(), blankToNull(r.studioReceipt()),
        blankToNull(r.remarks()), r.villageCode(), r.holdsGuangzhouIdCard());
  }

  private static List<RowError> photoErrors(IndividualRegistration r, byte[] photo, boolean photoRequired) {
    String source = r.photoSource();
    if (source == null || source.isBlank()) {
      return List.of(new RowError(null, "photoSource", "MISSING_FIELD", "请选择照片来源"));
    }
    return switch (source) {
      // plan §5.1: without a Guangzhou card there is no police photo, so the photo comes now, not after a round
      // trip to the City Centre. Only the applicant's answer counts: whether a police photo exists is the centre's
      // to say (a Guangzhou card may carry a number first issued elsewhere), so the ID number is not looked at.
      case IndividualRegistration.POLICE -> Boolean.FALSE.equals(r.holdsGuangzhouIdCard())
          ? List.of(new RowError(null, "photoSource", "PHOTO_MISSING",
              "申请人没有广州市第二代居民身份证，无法调取公安照片：请上传照片文件，或到指定照相馆拍照后填写回执号"))
          : List.of();
      case IndividualRegistration.STUDIO -> r.studioReceipt() == null
          ? List.of(new RowError(null, "studioReceipt", "MISSING_FIELD", "请填写照相馆回执号"))
          : List.of();
      case IndividualRegistration.UPLOAD -> photoRequired && (photo == null || !isJpeg(photo))
          ? List.of(new RowError(null, "photo", photo == null ? "PHOTO_MISSING" : "PHOTO_INVALID",
              photo == null ? "请上传申请人照片（JPEG）" : "照片不是有效的 JPEG 文件"))
          : List.of();
      default -> List.of(new RowError(null, "photoSource", "MISSING_FIELD", "照片来源无效：" + source));
    };
  }

  static boolean isJpeg(byte[] bytes) {
    return bytes.length > 4 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
