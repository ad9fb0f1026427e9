package cn.panyu.card.collective;

import cn.panyu.card.application.ApplicantCorrection;
import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Corrections;
import cn.panyu.card.application.IneligibleReasons;
import cn.panyu.card.application.IneligibleReasons.Remedy;
import cn.panyu.card.intake.IntakeProperties;
import cn.panyu.card.intake.PhotoArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The institution's answer to its ineligible rows: each one is withdrawn, or corrected so that it can go to the City
 * Card Centre again. A correction must change what made the card impossible (a new photo, from the photo ZIP, for a
 * photo reason); a reason nothing can help leaves only the withdrawal. Nothing is stored unless the whole answer is
 * acceptable.
 */
@Service("batchFollowUps")
public class BatchFollowUps {

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final IneligibleReasons reasons;
  private final Corrections corrections;
  private final IntakeProperties intakeLimits;

  public BatchFollowUps(JdbcTemplate jdbc, ApplicationRepository applications, IneligibleReasons reasons,
      Corrections corrections, IntakeProperties intakeLimits) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.reasons = reasons;
    this.corrections = corrections;
    this.intakeLimits = intakeLimits;
  }

  /** The ineligible rows with reason and advice, one line each, for the follow-up form. */
  public String ineligibleText(String batchNumber) {
    return ineligibleText(batchNumber, null);
  }

  /** The same for the rows of one list ({@code feedbackId}; null: every ineligible row of the batch). */
  public String ineligibleText(String batchNumber, String feedbackId) {
    return Texts.limit(ineligible(batchNumber, feedbackId).stream()
        .map(a -> a.applicationNumber() + " " + a.name() + "：" + reasons.text(a.ineligibleReason()) + "；"
            + reasons.advice(a.ineligibleReason()))
        .collect(Collectors.joining("\n")));
  }

  /** How many rows of the list wait for the institution's answer (the form's count, fixed when it opens). */
  public int ineligibleCount(String batchNumber, String feedbackId) {
    return ineligible(batchNumber, feedbackId).size();
  }

  /** The rows nothing can help (already a financial card, over the age limit): listed for withdrawal, the normal case. */
  public String suggestedWithdrawals(String batchNumber) {
    return suggestedWithdrawals(batchNumber, null);
  }

  /** The same for the rows of one list. */
  public String suggestedWithdrawals(String batchNumber, String feedbackId) {
    StringBuilder numbers = new StringBuilder();
    for (Application a : ineligible(batchNumber, feedbackId)) {
      if (reasons.remedy(a.ineligibleReason()) == Remedy.NONE && numbers.length() < 3800) {
        numbers.append(numbers.isEmpty() ? "" : "\n").append(a.applicationNumber());
      }
    }
    return numbers.toString();
  }

  /**
   * The listed rows (application numbers or ID numbers) are withdrawn; every other one is corrected with its photo
   * from the ZIP and goes to the centre again.
   *
   * @return how many rows go again
   */
  @Transactional
  public int apply(String batchNumber, String withdrawText, byte[] photosZip, String actor) {
    return apply(batchNumber, null, withdrawText, photosZip, actor);
  }

  /**
   * The same for the rows of one list ({@code feedbackId}): two lists of one batch (two rounds) are answered each on
   * its own task; null: every ineligible row of the batch.
   */
  @Transactional
  public int apply(String batchNumber, String feedbackId, String withdrawText, byte[] photosZip, String actor) {
    List<Application> ineligible = ineligible(batchNumber, feedbackId);
    Set<String> withdraw = Texts.tokens(withdrawText);
    Set<String> known = new LinkedHashSet<>();
    ineligible.forEach(a -> {
      known.add(a.applicationNumber());
      known.add(a.idNumber());
    });
    List<String> unknown = withdraw.stream().filter(t -> !known.contains(t)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("以下编号不是本批次不符合制卡条件的记录：" + String.join("、", unknown));
    }
    Path zip = null;
    PhotoArchive photos = null;
    try {
      if (photosZip != null && photosZip.length > 0) {
        zip = Files.createTempFile("collective-photos-", ".zip");
        Files.write(zip, photosZip);
        photos = PhotoArchive.open(zip, intakeLimits);
      }
      List<String> problems = new ArrayList<>();
      List<Runnable> work = new ArrayList<>();
      for (Application a : ineligible) {
        if (withdraw.contains(a.applicationNumber()) || withdraw.contains(a.idNumber())) {
          work.add(() -> {
            applications.withdraw(a.applicationNumber(), actor, "不符合制卡条件，单位撤回");
          });
          continue;
        }
        PhotoArchive.Photo photo = photos == null ? null : photos.find(a.idNumber(), a.workId());
        if (photo != null && photo.problem() != null) {
          problems.add(a.applicationNumber() + " " + a.name() + "：照片 " + photo.entryName() + " 不合格，" + photo.problem());
          continue;
        }
        ApplicantCorrection c = new ApplicantCorrection(null, null, null, null, photo == null ? null : "UPLOAD", null,
            photo == null ? null : photos.bytes(photo));
        String problem = corrections.problem(a.applicationNumber(), a.ineligibleReason(), c);
        if (problem != null) {
          problems.add(a.applicationNumber() + " " + a.name() + "：" + problem);
          continue;
        }
        work.add(() -> corrections.apply(a.applicationNumber(), a.ineligibleReason(), c, actor, "单位更正后待重新报送"));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("以下记录未更正也未撤回，请在照片压缩包中附上新照片或列入撤回：\n"
            + String.join("\n", problems));
      }
      work.forEach(Runnable::run);
      return (int) ineligible.stream()
          .filter(a -> !withdraw.contains(a.applicationNumber()) && !withdraw.contains(a.idNumber())).count();
    } catch (IOException e) {
      throw new UncheckedIOException("读取照片压缩包失败", e);
    } finally {
      if (photos != null) {
        photos.close();
      }
      if (zip != null) {
        zip.toFile().delete();
      }
    }
  }

  private List<Application> ineligible(String batchNumber, String feedbackId) {
    List<String> numbers = feedbackId == null
        ? jdbc.queryForList("select application_number from application where batch_number = ? and status = ?"
            + " order by application_number", String.class, batchNumber, ApplicationStatus.INELIGIBLE.name())
        : jdbc.queryForList("select a.application_number from application a join ineligible_feedback_item i"
            + " on i.application_number = a.application_number where i.feedback_id = ? and a.batch_number = ?"
            + " and a.status = ? order by a.application_number", String.class, feedbackId, batchNumber,
            ApplicationStatus.INELIGIBLE.name());
    return numbers.stream().map(applications::get).toList();
  }
}
