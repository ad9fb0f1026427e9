package cn.panyu.card.citycentre.simulator;

import static cn.panyu.card.citycentre.TestApplicants.applicant;
import static cn.panyu.card.citycentre.TestApplicants.jpeg;
import static cn.panyu.card.citycentre.TestApplicants.panyuIdBornOn;
import static cn.panyu.card.citycentre.TestApplicants.png;
import static cn.panyu.card.citycentre.TestApplicants.police;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel.IneligibleReason;
import cn.panyu.card.citycentre.CardCentreModel.PhotoSource;
import cn.panyu.card.citycentre.TestApplicants;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EligibilityRulesTest {

  static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  final EligibilityRules rules = new EligibilityRules(Set.of(TestApplicants.HAS_FINANCIAL_CARD));

  @Test
  void guangzhouIdWithPolicePhotoIsMade() {
    assertThat(rules.check(police("A1", TestApplicants.YOUNG_PANYU), DAY)).isEmpty();
  }

  @Test
  void noPolicePhotoOutsideGuangzhouUnlessAPhotoIsSupplied() {
    assertThat(rules.check(police("A1", TestApplicants.NOT_GUANGZHOU), DAY)).contains(IneligibleReason.NO_POLICE_PHOTO);
    assertThat(rules.check(applicant("A2", TestApplicants.NOT_GUANGZHOU, PhotoSource.UPLOAD, jpeg(358, 441), "户籍"), DAY))
        .isEmpty();
    assertThat(rules.check(applicant("A3", TestApplicants.NOT_GUANGZHOU, PhotoSource.STUDIO, null, "户籍"), DAY))
        .isEmpty();
    // 440106… is Guangzhou (Tianhe) too: the police has the photo
    assertThat(rules.check(police("A4", "440106199001013010"), DAY)).isEmpty();
  }

  @Test
  void photoMustBeAJpegOfAtLeast358By441() {
    String id = TestApplicants.YOUNG_PANYU;
    assertThat(rules.check(applicant("A1", id, PhotoSource.UPLOAD, jpeg(357, 441), "户籍"), DAY))
        .contains(IneligibleReason.PHOTO_QUALITY);
    assertThat(rules.check(applicant("A2", id, PhotoSource.UPLOAD, jpeg(358, 440), "户籍"), DAY))
        .contains(IneligibleReason.PHOTO_QUALITY);
    assertThat(rules.check(applicant("A3", id, PhotoSource.UPLOAD, png(500, 600), "户籍"), DAY))
        .contains(IneligibleReason.PHOTO_QUALITY);
    assertThat(rules.check(applicant("A4", id, PhotoSource.UPLOAD, "not an image".getBytes(), "户籍"), DAY))
        .contains(IneligibleReason.PHOTO_QUALITY);
    assertThat(rules.check(applicant("A5", id, PhotoSource.UPLOAD, null, "户籍"), DAY))
        .contains(IneligibleReason.PHOTO_QUALITY);
    assertThat(rules.check(applicant("A6", id, PhotoSource.UPLOAD, jpeg(358, 441), "户籍"), DAY)).isEmpty();
  }

  @Test
  void anExistingFinancialCardIsIneligible() {
    assertThat(rules.check(police("A1", TestApplicants.HAS_FINANCIAL_CARD), DAY))
        .contains(IneligibleReason.HAS_FINANCIAL_CARD);
  }

  @Test
  void registeredResidentsAged60OnTheDayOfCardMakingAreIneligible() {
    String sixtyToday = panyuIdBornOn(DAY.minusYears(60));
    String sixtyTomorrow = panyuIdBornOn(DAY.minusYears(60).plusDays(1));
    assertThat(rules.check(police("A1", sixtyToday), DAY)).contains(IneligibleReason.AGE_LIMIT);
    assertThat(rules.check(police("A2", sixtyTomorrow), DAY)).isEmpty();
    assertThat(rules.check(police("A3", TestApplicants.BORN_1950), DAY)).contains(IneligibleReason.AGE_LIMIT);
    // a non-registered insured person has no age limit; residency left out means 户籍
    assertThat(rules.check(applicant("A4", TestApplicants.BORN_1950, PhotoSource.POLICE, null, "非户籍参保"), DAY))
        .isEmpty();
    assertThat(rules.check(applicant("A5", sixtyToday, PhotoSource.POLICE, null, null), DAY))
        .contains(IneligibleReason.AGE_LIMIT);
  }

  @Test
  void theFirstRuleThatAppliesIsTheReason() {
    // the standard's example: Beijing, born 1949 — no police photo comes before the age
    assertThat(rules.check(police("A1", "11010519491231002X"), DAY)).contains(IneligibleReason.NO_POLICE_PHOTO);
  }
}
