package cn.panyu.card.application;

import cn.panyu.card.application.IneligibleReasons.Remedy;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.ApplicantRules;
import cn.panyu.card.intake.RowError;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Corrections of an application before it goes to the City Card Centre again. A correction must change what made
 * the card impossible or wrong, so that the centre never gets the same data twice: a new photo for a photo reason,
 * some data otherwise; a reason nothing can help leaves only the withdrawal. The corrected data pass the intake
 * rules again.
 */
@Service
public class Corrections {

  private static final Set<String> CORRECTABLE_FIELDS = Set.of(ApplicantData.FIELD_NAME, ApplicantData.FIELD_GENDER,
      ApplicantData.FIELD_PHONE, ApplicantData.FIELD_BANK);

  private final ApplicationRepository applications;
  private final IneligibleReasons reasons;
  private final ApplicantRules rules;
  private final Documents documents;
  private final Clock clock;

  public Corrections(ApplicationRepository applications, IneligibleReasons reasons, ApplicantRules rules,
      Documents documents, Clock clock) {
    this.applications = applications;
    this.reasons = reasons;
    this.rules = rules;
    this.documents = documents;
    this.clock = clock;
  }

  /**
   * Why this correction cannot go to the centre, in the words the form shows; null when it can. {@code reason} is
   * the centre's reason (null for a card with wrong data: then some data must change).
   */
  public String problem(String applicationNumber, String reason, ApplicantCorrection c) {
    Application app = applications.get(applicationNumber);
    Remedy remedy = reason == null ? Remedy.DATA : reasons.remedy(reason);
    if (remedy == Remedy.NONE) {
      return "“" + reasons.text(reason) + "”无法通过更正资料解决，只能撤回申请";
    }
    boolean newPhoto = IndividualRegistration.UPLOAD.equals(c.photoSource())
        || IndividualRegistration.STUDIO.equals(c.photoSource()) && c.studioReceipt() != null
            && !c.studioReceipt().isBlank() && !c.studioReceipt().trim().equals(app.studioReceipt());
    if (remedy == Remedy.PHOTO && !newPhoto) {
      return "“" + reasons.text(reason) + "”须提供新的照片：请选择“照相馆拍照”并填写新的回执号，或选择“上传照片文件”";
    }
    if (remedy == Remedy.DATA && !newPhoto && !changesData(app, c)) {
      return "更正后的资料与原登记资料相同，请修改有误的资料后再提交，或撤回申请";
    }
    List<RowError> errors = rules.check(merged(app, c), LocalDate.now(clock)).stream()
        .filter(e -> CORRECTABLE_FIELDS.contains(e.field())).toList();
    return errors.isEmpty() ? null : errors.get(0).message();
  }

  /** Stores the correction (refused if {@link #problem} finds one): the application waits for its next submission. */
  @Transactional
  public void apply(String applicationNumber, String reason, ApplicantCorrection c, String actor, String note) {
    String problem = problem(applicationNumber, reason, c);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Long photoId = null;
    if (IndividualRegistration.UPLOAD.equals(c.photoSource())) {
      if (c.photo() == null || !RegistrationService.isJpeg(c.photo())) {
        throw new IllegalArgumentException(c.photo() == null ? "请上传申请人照片（JPEG）" : "照片不是有效的 JPEG 文件");
      }
      photoId = documents.store("PHOTO", applicationNumber + ".jpg", "image/jpeg", c.photo(), actor);
    }
    Application app = applications.get(applicationNumber);
    ApplicantData d = rules.normalise(merged(app, c));
    applications.correct(applicationNumber, d.name(), d.gender(), d.phone(), d.bank(), blank(c.photoSource()),
        blank(c.studioReceipt()), photoId, actor, note);
  }

  private static boolean changesData(Application app, ApplicantCorrection c) {
    return changed(c.name(), app.name()) || changed(c.gender(), app.gender()) || changed(c.phone(), app.phone())
        || changed(c.bank(), app.bank());
  }

  private static boolean changed(String given, String stored) {
    return given != null && !given.isBlank() && !Objects.equals(given.trim(), stored);
  }

  private static ApplicantData merged(Application app, ApplicantCorrection c) {
    return new ApplicantData(or(c.name(), app.name()), or(c.gender(), app.gender()), app.idNumber(),
        or(c.phone(), app.phone()), or(c.bank(), app.bank()), app.residency(), app.workId());
  }

  private static String or(String given, String stored) {
    return given == null || given.isBlank() ? stored : given.trim();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
