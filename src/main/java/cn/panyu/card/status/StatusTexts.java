package cn.panyu.card.status;

import cn.panyu.card.application.ApplicationStatus;
import java.util.Map;

/**
 * Each application status in the words the applicant reads on the status page: a title, what it means
 * (with {@code {unit}} for the committee or institution that took the application) and what to do.
 * The reasons for INELIGIBLE are in {@code processes/ineligible-reasons.dmn}.
 */
final class StatusTexts {

  private StatusTexts() {}

  record Text(String title, String description, String advice) {}

  private static final Map<ApplicationStatus, Text> TEXT = Map.ofEntries(
      Map.entry(ApplicationStatus.REGISTERED, new Text("已受理",
          "您的申请已由{unit}受理登记，正在汇总后报送市社保卡管理中心。", null)),
      Map.entry(ApplicationStatus.REJECTED, new Text("资料需要更正",
          "您的申请资料未通过审核，暂未报送制卡。", "请本人携带身份证原件到{unit}核对并更正申请资料。")),
      Map.entry(ApplicationStatus.SUBMITTED, new Text("等待市社保卡管理中心审核",
          "您的申请已报送市社保卡管理中心，正在等待审核和制卡，请耐心等待。", null)),
      Map.entry(ApplicationStatus.INELIGIBLE, new Text("暂不能制卡",
          "市社保卡管理中心审核后暂不能为您制卡。", null)),
      Map.entry(ApplicationStatus.CARD_MADE, new Text("社保卡已制成",
          "您的社保卡已制作完成，正在安排送往{unit}。", null)),
      Map.entry(ApplicationStatus.IN_TRANSIT, new Text("社保卡配送中",
          "您的社保卡正在送往{unit}的途中，送达后会短信通知您。", null)),
      Map.entry(ApplicationStatus.AT_ISSUING_UNIT, new Text("可以领卡了",
          "您的社保卡已送达{unit}。", "请本人携带身份证原件到{unit}领取，领卡时请核对卡面信息；逾期未领的卡片将被交回。")),
      Map.entry(ApplicationStatus.ISSUED, new Text("已领卡",
          "您已领取社保卡。", "请携带社保卡和身份证到申请时所选银行的网点激活金融功能。")),
      Map.entry(ApplicationStatus.ACTIVATED, new Text("已激活",
          "您的社保卡已激活，可以正常使用。", null)),
      Map.entry(ApplicationStatus.RECOVERED, new Text("逾期未领，卡片已交回",
          "您的社保卡超过领取期限未领取，已按规定逐级交回。",
          "请本人携带身份证原件到{unit}申请领回，工作人员调回卡片后会通知您领取。")),
      Map.entry(ApplicationStatus.WITHDRAWN, new Text("申请已撤回",
          "您的这次申请已撤回，不会制卡。", "如需办理社保卡，请携带身份证到村（居）委或所在单位重新申请。")));

  static Text of(ApplicationStatus status) {
    return TEXT.get(status);
  }

  static String fill(String text, String unitName) {
    return text == null ? null : text.replace("{unit}", unitName);
  }
}
