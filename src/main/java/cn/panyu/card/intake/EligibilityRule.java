package cn.panyu.card.intake;

/**
 * The analyst's eligibility rule at intake (DMN decision {@value #DECISION_KEY} in
 * processes/intake-eligibility.dmn): by residency category, age in whole years on the application
 * date and whether the applicant is an enterprise employee, a reason code (e.g. AGE_LIMIT,
 * ENTERPRISE_EMPLOYEE) or null when eligible.
 */
public interface EligibilityRule {

  String DECISION_KEY = "intake-eligibility";

  String reason(String residency, int age, boolean enterpriseEmployee);
}
