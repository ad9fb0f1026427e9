package cn.panyu.card.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules both modes share, with the analyst's DMN file evaluated by the standalone DMN engine. */
class ApplicantRulesTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  private final ApplicantRules rules = DmnFileEligibility.rules();

  private static ApplicantData person(String id, String gender) {
    return new ApplicantData("张三", gender, id, "13800138000", "工商银行", null, "W001");
  }

  private List<RowError> check(ApplicantData d, LocalDate day) {
    return rules.check(rules.normalise(d), day);
  }

  @Test
  void goodDataPassesAndIsNormalised() {
    ApplicantData d = rules.normalise(new ApplicantData(" 张三 ", "男", "４４０１１３１９９００３０７１２３５",
        "138 0013 8000", "工商银行", "", "Ｗ００１"));
    assertThat(rules.check(d, DAY)).isEmpty();
    assertThat(d.idNumber()).isEqualTo("440113199003071235");
    assertThat(d.phone()).isEqualTo("13800138000");
    assertThat(d.bank()).isEqualTo("中国工商银行");
    assertThat(d.residency()).isEqualTo("户籍");
    assertThat(d.workId()).isEqualTo("W001");
    assertThat(d.name()).isEqualTo("张三");
  }

  @Test
  void publishedVectorsPassWithTheirGender() {
    assertThat(check(person("440113199003071235", "男"), DAY)).isEmpty();
    assertThat(check(person("44011319880808109X", "男"), DAY)).isEmpty();
    assertThat(check(person("440113201301010019", "男"), DAY)).isEmpty();
    assertThat(check(person("11010519491231002X", "女"), DAY)).extracting(RowError::reason)
        .containsExactly("AGE_LIMIT"); // born 1949: a registered resident over 60
  }

  @Test
  void lowerCaseXIsAcceptedAsX() {
    assertThat(check(person("44011319880808109x", "男"), DAY)).isEmpty();
  }

  @Test
  void idNumberReasons() {
    assertThat(check(person("44011319900307123", "男"), DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("idNumber", "ID_FORMAT"));
    assertThat(check(person("4401131990030712A5", "男"), DAY)).extracting(RowError::reason)
        .containsExactly("ID_FORMAT");
    assertThat(check(person("440113199003071234", "男"), DAY)).extracting(RowError::reason)
        .containsExactly("ID_CHECKSUM");
    String feb30 = "44011319900230123";
    assertThat(check(person(feb30 + IdNumber.checkCharacter(feb30), "男"), DAY)).extracting(RowError::reason)
        .containsExactly("ID_BIRTHDATE");
    String future = "44011320271201123";
    assertThat(check(person(future + IdNumber.checkCharacter(future), "男"), DAY)).extracting(RowError::reason)
        .containsExactly("ID_BIRTHDATE");
    String badRegion = "99011319900307123";
    assertThat(check(person(badRegion + IdNumber.checkCharacter(badRegion), "男"), DAY))
        .extracting(RowError::reason).containsExactly("ID_REGION");
  }

  @Test
  void genderMustMatchTheIdNumber() {
    assertThat(check(person("440113199003071235", "女"), DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("gender", "GENDER_MISMATCH"));
  }

  @Test
  void missingFieldsAreNamedOneByOne() {
    List<RowError> errors = check(new ApplicantData(" ", null, "", null, null, null, null), DAY);
    assertThat(errors).extracting(RowError::field, RowError::reason).containsExactly(
        tuple("name", "MISSING_FIELD"), tuple("gender", "MISSING_FIELD"), tuple("idNumber", "MISSING_FIELD"),
        tuple("phone", "MISSING_FIELD"), tuple("bank", "MISSING_FIELD"));
    assertThat(errors).allSatisfy(e -> {
      assertThat(e.row()).isNull();
      assertThat(e.message()).contains("不能为空");
    });
  }

  @Test
  void phoneAndBank() {
    ApplicantData d = new ApplicantData("李四", "男", "440113199003071235", "1380013800", "花旗银行", null, null);
    assertThat(check(d, DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("phone", "PHONE_FORMAT"), tuple("bank", "UNKNOWN_BANK"));
    ApplicantData landline = new ApplicantData("李四", "男", "440113199003071235", "020-84612345", "中国工商银行",
        null, null);
    assertThat(check(landline, DAY)).isEmpty();
  }

  @Test
  void ageLimitIsReachedOnTheSixtiethBirthday() {
    String id = TestIds.male("19661127");
    assertThat(check(person(id, "男"), LocalDate.of(2026, 11, 26))).isEmpty();
    assertThat(check(person(id, "男"), LocalDate.of(2026, 11, 27))).extracting(RowError::reason)
        .containsExactly("AGE_LIMIT");
  }

  @Test
  void ageLimitForTwentyNinthOfFebruary() {
    String id = TestIds.female("19640229");
    assertThat(check(person(id, "女"), LocalDate.of(2024, 2, 28))).isEmpty();
    assertThat(check(person(id, "女"), LocalDate.of(2024, 2, 29))).extracting(RowError::reason)
        .containsExactly("AGE_LIMIT");
  }

  @Test
  void nonRegisteredInsuredHaveNoAgeLimit() {
    ApplicantData d = new ApplicantData("王五", "男", TestIds.male("19500101"), "13800138000", "建设银行", "非户籍参保",
        null);
    assertThat(check(d, DAY)).isEmpty();
    ApplicantData wrong = new ApplicantData("王五", "男", TestIds.male("19900101"), "13800138000", "建设银行", "外地",
        null);
    assertThat(check(wrong, DAY)).extracting(RowError::field).containsExactly("residency");
  }

  private static ApplicantData worker(String residency, String enterpriseEmployee) {
    return new ApplicantData("赵六", "男", "440113199003071235", "13800138000", "中国银行", residency, "W9",
        enterpriseEmployee);
  }

  @Test
  void insuredEnterpriseEmployeesAreNotServedByTheCampaign() {
    // plan §3: non-registered insured persons, except enterprise employees (their cards come through other channels)
    assertThat(check(worker("非户籍参保", "是"), DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("enterpriseEmployee", "ENTERPRISE_EMPLOYEE"));
    assertThat(check(worker("非户籍参保", "是"), DAY).get(0).message()).contains("企业职工");
    assertThat(check(worker("非户籍参保", "否"), DAY)).isEmpty();
    assertThat(check(worker("非户籍参保", null), DAY)).as("not asked: not an enterprise employee").isEmpty();
    // registered residents are served whoever employs them
    assertThat(check(worker("户籍", "是"), DAY)).isEmpty();
  }

  @Test
  void enterpriseEmployeeAnswerAsPeopleWriteIt() {
    assertThat(rules.normalise(worker("非户籍参保", " Y ")).enterpriseEmployee()).isEqualTo("是");
    assertThat(rules.normalise(worker("非户籍参保", "ｎｏ")).enterpriseEmployee()).isEqualTo("否");
    assertThat(rules.normalise(worker("非户籍参保", "")).enterpriseEmployee()).isNull();
    assertThat(check(worker("非户籍参保", "y"), DAY)).extracting(RowError::reason)
        .containsExactly("ENTERPRISE_EMPLOYEE");
    assertThat(check(worker("非户籍参保", "个体户"), DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("enterpriseEmployee", "MISSING_FIELD"));
  }

  @Test
  void theAgeLimitComesFirstForAnOldResident() {
    ApplicantData d = new ApplicantData("钱七", "男", TestIds.male("19500101"), "13800138000", "建设银行", "户籍",
        null, "是");
    assertThat(check(d, DAY)).extracting(RowError::field, RowError::reason)
        .containsExactly(tuple("idNumber", "AGE_LIMIT"));
  }
}
