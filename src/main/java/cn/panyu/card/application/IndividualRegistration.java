package cn.panyu.card.application;

import cn.panyu.card.intake.ApplicantData;

/**
 * An individual application as a village committee registers it: the applicant's data (checked by the
 * same rules as a batch row) plus how the photo is obtained. {@code photoSource} is POLICE (the Guangzhou
 * ID card's police photo), UPLOAD (a photo file) or STUDIO (a designated photo studio's receipt).
 */
public record IndividualRegistration(
    ApplicantData applicant, String photoSource, String studioReceipt, String remarks, String villageCode) {

  public static final String POLICE = "POLICE";
  public static final String UPLOAD = "UPLOAD";
  public static final String STUDIO = "STUDIO";
}
