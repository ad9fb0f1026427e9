package cn.panyu.card.application;

import java.util.Map;

/**
 * The City Card Centre's reasons in the words staff pass on to the applicant, with what to do next; and
 * the same advice addressed to the applicant (the public status page), naming the unit to go to.
 */
public final class IneligibleReasonTexts {

  private IneligibleReasonTexts() {}

  private static final Map<String, String[]> TEXT = Map.of(
      "NO_POLICE_PHOTO", new String[] {"无法调取公安照片（非广州身份证）",
          "请申请人到指定照相馆拍照，凭回执到村（居）委更正照片来源"},
      "PHOTO_QUALITY", new String[] {"照片质量不合格（尺寸不足或不是 JPEG）",
          "请申请人到指定照相馆重新拍照，凭回执到村（居）委更正"},
      "HAS_FINANCIAL_CARD", new String[] {"申请人已持有具金融功能的社保卡",
          "无需重复申领；如需补换卡请到镇街服务窗口办理，并撤回本申请"},
      "AGE_LIMIT", new String[] {"户籍人员已满60周岁，不属本次发行对象",
          "请告知申请人到市人社局或民政局指定渠道办理，并撤回本申请"});

  /** The advice as the applicant reads it; {@code %s} is the committee or institution that took the application. */
  private static final Map<String, String> APPLICANT_ADVICE = Map.of(
      "NO_POLICE_PHOTO", "请到指定照相馆拍摄社保卡照片，凭照相馆回执到%s更正照片来源，更正后将重新报送制卡。",
      "PHOTO_QUALITY", "请到指定照相馆重新拍照，凭照相馆回执到%s更正照片，更正后将重新报送制卡。",
      "HAS_FINANCIAL_CARD", "您已持有具金融功能的社保卡，无需重复申领；如需补领或换领，请到镇（街）政务服务窗口办理。",
      "AGE_LIMIT", "您不属于本次集中发卡的对象，请到市人社局或民政局指定渠道办理社保卡。");

  public static String text(String reason) {
    String[] t = TEXT.get(reason);
    return t == null ? "不符合制卡条件（" + reason + "）" : t[0];
  }

  public static String advice(String reason) {
    String[] t = TEXT.get(reason);
    return t == null ? "请核实申请资料后更正或撤回" : t[1];
  }

  public static String applicantAdvice(String reason, String unitName) {
    return String.format(APPLICANT_ADVICE.getOrDefault(reason, "请本人携带身份证原件到%s核实申请资料。"), unitName);
  }
}
