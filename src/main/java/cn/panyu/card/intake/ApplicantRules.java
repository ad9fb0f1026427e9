package cn.panyu.card.intake;

import static cn.panyu.card.intake.ApplicantData.FIELD_BANK;
import static cn.panyu.card.intake.ApplicantData.FIELD_ENTERPRISE_EMPLOYEE;
import static cn.panyu.card.intake.ApplicantData.FIELD_GENDER;
import static cn.panyu.card.intake.ApplicantData.FIELD_ID_NUMBER;
import static cn.panyu.card.intake.ApplicantData.FIELD_NAME;
import static cn.panyu.card.intake.ApplicantData.FIELD_PHONE;
import static cn.panyu.card.intake.ApplicantData.FIELD_RESIDENCY;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one set of rules every applicant's data passes, individual registration or batch row. Call
 * {@link #normalise} first, then {@link #check}; both modes use exactly these two methods.
 */
@Component
public class ApplicantRules {

  /** Mainland mobile (11 digits from 13..19) or a landline with area code (e.g. 020-84612345). */
  private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
  private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}-?\\d{7,8}");

  private final BankDirectory banks;
  private final EligibilityRule eligibility;

  @Autowired
  public ApplicantRules(BankDirectory banks, EligibilityRule eligibility) {
    this.banks = banks;
    this.eligibility = eligibility;
  }

  /**
   * Trimmed, full-width to half-width; ID number with upper-case X; phone without spaces; bank by
   * its full name when known (unknown names stay as written, so {@link #check} can name them);
   * residency 户籍 when empty; the enterprise-employee answer 是/否 (Y/N as well), null when empty.
   */
  public ApplicantData normalise(ApplicantData d) {
    String bank = TextNormaliser.text(d.bank());
    String phone = TextNormaliser.code(d.phone());
    if (phone != null && phone.startsWith("+86")) {
      phone = phone.substring(3);
    }
    String residency = TextNormaliser.text(d.residency());
    return new ApplicantData(
        TextNormaliser.text(d.name()),
        TextNormaliser.code(d.gender()),
        IdNumber.normalise(d.idNumber()),
        phone,
        bank == null ? null : banks.fullName(bank).orElse(bank),
        residency == null ? ApplicantData.RESIDENT : residency,
        TextNormaliser.code(d.workId()),
        yesOrNo(TextNormaliser.code(d.enterpriseEmployee())));
  }

  /** 是/否 as people write them in a spreadsheet; anything else stays as written, for {@link #check} to name. */
  private static String yesOrNo(String answer) {
    if (answer == null) {
      return null;
    }
    return switch (answer.toUpperCase(java.util.Locale.ROOT)) {
      case ApplicantData.YES, "Y", "YES", "TRUE" -> ApplicantData.YES;
      case ApplicantData.NO, "N", "NO", "FALSE" -> ApplicantData.NO;
      default -> answer;
    };
  }

  /**
   * Every reason the (normalised) data is refused, one per field at most, with {@code row} null.
   * Empty when the data is acceptable. Duplicates and photos are the batch's business, not this.
   */
  public List<RowError> check(ApplicantData d, LocalDate applicationDate) {
    List<RowError> errors = new ArrayList<>(2);
    required(errors, FIELD_NAME, d.name(), "姓名");
    if (d.name() != null && d.name().length() > 100) {
      errors.add(error(FIELD_NAME, Reasons.MISSING_FIELD, "姓名过长（最多100字）"));
    }
    if (required(errors, FIELD_GENDER, d.gender(), "性别")
        && !ApplicantData.MALE.equals(d.gender()) && !ApplicantData.FEMALE.equals(d.gender())) {
      errors.add(error(FIELD_GENDER, Reasons.GENDER_MISMATCH, "性别应填“男”或“女”"));
    }
    if (required(errors, FIELD_ID_NUMBER, d.idNumber(), "身份证号")) {
      checkIdNumber(errors, d, applicationDate);
    }
    if (required(errors, FIELD_PHONE, d.phone(), "联系电话")
        && !MOBILE.matcher(d.phone()).matches() && !LANDLINE.matcher(d.phone()).matches()) {
      errors.add(error(FIELD_PHONE, Reasons.PHONE_FORMAT, "联系电话应为11位手机号码或带区号的固定电话"));
    }
    if (required(errors, FIELD_BANK, d.bank(), "银行") && banks.fullName(d.bank()).isEmpty()) {
      errors.add(error(FIELD_BANK, Reasons.UNKNOWN_BANK, "银行“" + d.bank() + "”不在可选银行名单中"));
    }
    if (d.residency() != null && !ApplicantData.RESIDENT.equals(d.residency())
        && !ApplicantData.NON_RESIDENT_INSURED.equals(d.residency())) {
      errors.add(error(FIELD_RESIDENCY, Reasons.MISSING_FIELD, "户籍类别应填“户籍”或“非户籍参保”"));
    }
    if (d.enterpriseEmployee() != null && !ApplicantData.YES.equals(d.enterpriseEmployee())
        && !ApplicantData.NO.equals(d.enterpriseEmployee())) {
      errors.add(error(FIELD_ENTERPRISE_EMPLOYEE, Reasons.MISSING_FIELD, "是否企业职工应填“是”或“否”（不填视为“否”）"));
    }
    return errors;
  }

  private void checkIdNumber(List<RowError> errors, ApplicantData d, LocalDate applicationDate) {
    String id = d.idNumber();
    if (!IdNumber.hasFormat(id)) {
      errors.add(error(FIELD_ID_NUMBER, Reasons.ID_FORMAT, "身份证号应为18位：17位数字加1位数字或X（Excel 中请把身份证号列设为文本格式）"));
      return;
    }
    if (!IdNumber.hasValidCheck(id)) {
      errors.add(error(FIELD_ID_NUMBER, Reasons.ID_CHECKSUM, "身份证号校验位不正确，请核对号码"));
      return;
    }
    LocalDate birth = IdNumber.birthDate(id);
    if (birth == null || birth.isAfter(applicationDate) || birth.getYear() < 1900) {
      errors.add(error(FIELD_ID_NUMBER, Reasons.ID_BIRTHDATE, "身份证号中的出生日期不是有效日期"));
      return;
    }
    if (!IdNumber.hasValidRegion(id)) {
      errors.add(error(FIELD_ID_NUMBER, Reasons.ID_REGION, "身份证号的地址码（前6位）无效"));
      return;
    }
    if (ApplicantData.MALE.equals(d.gender()) || ApplicantData.FEMALE.equals(d.gender())) {
      if (!IdNumber.gender(id).equals(d.gender())) {
        errors.add(error(FIELD_GENDER, Reasons.GENDER_MISMATCH,
            "性别与身份证号不符（身份证号显示为" + IdNumber.gender(id) + "）"));
      }
    }
    String residency = d.residency() == null ? ApplicantData.RESIDENT : d.residency();
    // who may apply is the analysts' table (intake-eligibility.dmn): the age limit, the enterprise employees
    String reason = eligibility.reason(residency, IdNumber.ageOn(birth, applicationDate), d.isEnterpriseEmployee());
    if (reason != null) {
      errors.add(error(fieldOf(reason), reason, messageOf(reason)));
    }
  }

  /** The field a refusal of the eligibility decision points at, so that the form marks the right answer. */
  static String fieldOf(String reason) {
    return Reasons.ENTERPRISE_EMPLOYEE.equals(reason) ? FIELD_ENTERPRISE_EMPLOYEE : FIELD_ID_NUMBER;
  }

  /** The same rules with another eligibility decision (intake memoises the engine's per file). */
  public ApplicantRules withEligibility(EligibilityRule rule) {
    return new ApplicantRules(banks, rule);
  }

  EligibilityRule eligibility() {
    return eligibility;
  }

  /** The Chinese message of a reason the eligibility decision may give. */
  static String messageOf(String reason) {
    return switch (reason) {
      case Reasons.AGE_LIMIT -> "申请人在申请日的年龄超出受理范围（户籍人员年满60周岁）";
      case Reasons.ENTERPRISE_EMPLOYEE -> "非户籍参保人员中的企业职工不属于本次发卡对象，其社保卡由所在企业通过其他渠道办理";
      default -> "不符合受理条件（" + reason + "）";
    };
  }

  private static boolean required(List<RowError> errors, String field, String value, String label) {
    if (value == null || value.isBlank()) {
      errors.add(error(field, Reasons.MISSING_FIELD, label + "不能为空"));
      return false;
    }
    return true;
  }

  private static RowError error(String field, String reason, String message) {
    return new RowError(null, field, reason, message);
  }
}
