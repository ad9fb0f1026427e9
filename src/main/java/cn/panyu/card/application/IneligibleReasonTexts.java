package cn.panyu.card.application;

import java.util.Map;

/** The City Card Centre's reasons in the words staff pass on to the applicant, with what to do next. */
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

  public static String text(String reason) {
    String[] t = TEXT.get(reason);
    return t == null ? "不符合制卡条件（" + reason + "）" : t[0];
  }

  public static String advice(String reason) {
    String[] t = TEXT.get(reason);
    return t == null ? "请核实申请资料后更正或撤回" : t[1];
  }
}
