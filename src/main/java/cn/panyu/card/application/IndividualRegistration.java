package cn.panyu.card.application;

import cn.panyu.card.intake.ApplicantData;

/**
 * An individual application as a village committee registers it: the applicant's data (checked by the
 * same rules as a batch row) plus how the photo is obtained. {@code photoSource} is POLICE (the Guangzhou
 * ID card's police photo), UPLOAD (a photo file) or STUDIO (a designated photo studio's receipt).
 * {@code holdsGuangzhouIdCard} is the applicant's answer to "do you hold a Guangzhou second-generation ID
 * card?" (plan §5.1): false means no police photo, so a photo is needed up front; null means not asked
 * (API clients from before the question).
 */
public record IndividualRegistration(ApplicantData applicant, String photoSource, String studioReceipt,
    String remarks, String villageCode, Boolean holdsGuangzhouIdCard) {

  /** A registration without the Guangzhou ID card answer. */
  public IndividualRegistration(ApplicantData applicant, String photoSource, String studioReceipt, String remarks,
      String villageCode) {
    this(applicant, photoSource, studioReceipt, remarks, villageCode, null);
  }

  public static final String POLICE = "POLICE";
  public static final String UPLOAD = "UPLOAD";
  public static final String STUDIO = "STUDIO";
}
