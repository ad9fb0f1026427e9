package cn.panyu.card.intake;

/**
 * The analyst's eligibility rule at intake (DMN decision {@value #DECISION_KEY} in
 * processes/intake-eligibility.dmn): by residency category and age in whole years on the application
 * date, a reason code (e.g. AGE_LIMIT) or null when eligible.
 */
public interface EligibilityRule {

  String DECISION_KEY = "intake-eligibility";

  String reason(String residency, int age);
}
