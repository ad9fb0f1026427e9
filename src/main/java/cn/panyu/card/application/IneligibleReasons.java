package cn.panyu.card.application;

import cn.panyu.card.rules.Rules;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.springframework.stereotype.Component;

/**
 * The City Card Centre's reasons in the words staff and applicants read, and what a correction must change, from
 * the analysts' {@code ineligible-reasons} table. A reason the table does not know yet is shown by its code.
 */
@Component("ineligibleReasons")
public class IneligibleReasons {

  /** What a correction must change before the application goes to the centre again. */
  public enum Remedy {
    /** a new photo: an uploaded file or a photo studio receipt */
    PHOTO,
    /** some of the applicant's data */
    DATA,
    /** nothing can help: withdraw */
    NONE
  }

  private static final String TABLE = "ineligible-reasons";

  private final Rules rules;

  public IneligibleReasons(Rules rules) {
    this.rules = rules;
  }

  public String text(String reason) {
    String text = entry(reason, "text");
    return text != null ? text : "不符合制卡条件（" + reason + "）";
  }

  public String advice(String reason) {
    String advice = entry(reason, "advice");
    return advice != null ? advice : "请核实申请资料后更正或撤回";
  }

  /** The advice as the applicant reads it, naming the committee or institution that took the application. */
  public String applicantAdvice(String reason, String unitName) {
    String advice = entry(reason, "applicantAdvice");
    return (advice != null ? advice : "请本人携带身份证原件到{unit}核实申请资料。").replace("{unit}", unitName);
  }

  public Remedy remedy(String reason) {
    String remedy = entry(reason, "remedy");
    return remedy == null ? Remedy.DATA : Remedy.valueOf(remedy);
  }

  private String entry(String reason, String output) {
    DmnDecisionResultEntries row = rules.lookup(TABLE, Map.of("reason", reason == null ? "" : reason))
        .getFirstResult();
    return row == null ? null : row.getEntry(output);
  }
}
