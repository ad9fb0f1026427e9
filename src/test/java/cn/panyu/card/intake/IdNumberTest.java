package cn.panyu.card.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IdNumberTest {

  @ParameterizedTest
  @CsvSource({"440113199003071235", "44011319880808109X", "440113201301010019", "11010519491231002X"})
  void publishedVectorsAreValid(String id) {
    assertThat(IdNumber.hasFormat(id)).isTrue();
    assertThat(IdNumber.hasValidCheck(id)).isTrue();
    assertThat(IdNumber.hasValidRegion(id)).isTrue();
    assertThat(IdNumber.birthDate(id)).isNotNull();
  }

  @Test
  void workedExampleGivesCheckFive() {
    assertThat(IdNumber.checkCharacter("44011319900307123")).isEqualTo('5');
    assertThat(IdNumber.checkCharacter("44011319880808109")).isEqualTo('X');
  }

  @Test
  void wrongCheckCharacterIsInvalid() {
    assertThat(IdNumber.hasValidCheck("440113199003071234")).isFalse();
  }

  @Test
  void genderAndBirthDateOfVectors() {
    assertThat(IdNumber.gender("440113199003071235")).isEqualTo("男");
    assertThat(IdNumber.gender("11010519491231002X")).isEqualTo("女");
    assertThat(IdNumber.birthDate("440113199003071235")).isEqualTo(LocalDate.of(1990, 3, 7));
  }

  @Test
  void lowerCaseXBecomesCanonicalUpperCase() {
    assertThat(IdNumber.normalise(" 44011319880808109x ")).isEqualTo("44011319880808109X");
    assertThat(IdNumber.normalise("４４０１１３１９９００３０７１２３５")).isEqualTo("440113199003071235");
  }

  @Test
  void impossibleDatesAreNotBirthDates() {
    assertThat(IdNumber.birthDate("440113199002301234")).isNull(); // 30 February
    assertThat(IdNumber.birthDate("440113190102291234")).isNull(); // 1901 not leap
  }

  @Test
  void regionNeedsARealProvinceAndPrefecture() {
    assertThat(IdNumber.hasValidRegion("990113199003071235")).isFalse();
    assertThat(IdNumber.hasValidRegion("440013199003071235")).isFalse();
    assertThat(IdNumber.hasValidRegion("810000199003071235")).isFalse();
    assertThat(IdNumber.hasValidRegion("110105194912310029")).isTrue();
  }

  @Test
  void ageCountsTheBirthdayItself() {
    LocalDate birth = LocalDate.of(1966, 5, 10);
    assertThat(IdNumber.ageOn(birth, LocalDate.of(2026, 5, 9))).isEqualTo(59);
    assertThat(IdNumber.ageOn(birth, LocalDate.of(2026, 5, 10))).isEqualTo(60);
  }

  @Test
  void twentyNinthOfFebruaryBirthday() {
    LocalDate birth = LocalDate.of(1964, 2, 29);
    assertThat(IdNumber.ageOn(birth, LocalDate.of(2024, 2, 28))).isEqualTo(59);
    assertThat(IdNumber.ageOn(birth, LocalDate.of(2024, 2, 29))).isEqualTo(60);
    // in a year without 29 February the birthday is reached on 1 March
    assertThat(IdNumber.ageOn(LocalDate.of(1968, 2, 29), LocalDate.of(2029, 2, 28))).isEqualTo(60);
    assertThat(IdNumber.ageOn(LocalDate.of(1968, 2, 29), LocalDate.of(2027, 2, 28))).isEqualTo(58);
    assertThat(IdNumber.ageOn(LocalDate.of(1968, 2, 29), LocalDate.of(2027, 3, 1))).isEqualTo(59);
  }
}
