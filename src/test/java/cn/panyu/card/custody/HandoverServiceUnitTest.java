package cn.panyu.card.custody;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parts that need no engine: typed card lists, location syntax and groups. */
class HandoverServiceUnitTest {

  @Test
  void cardNumbersAsPeopleTypeThem() {
    assertThat(HandoverService.parseCardNumbers(" A1\nA2，A3、A4; A5 ,A1 ")).containsExactly("A1", "A2", "A3", "A4", "A5");
    assertThat(HandoverService.parseCardNumbers("  ")).isEmpty();
    assertThat(HandoverService.parseCardNumbers(null)).isEmpty();
  }

  @Test
  void locationsMapToUnitsAndGroups() {
    assertThat(Locations.groupOf("VILLAGE:4401131020001")).isEqualTo("village-4401131020001");
    assertThat(Locations.groupOf("TOWN:440113102")).isEqualTo("town-440113102");
    assertThat(Locations.groupOf("DEPARTMENT:edu")).isEqualTo("department-edu");
    assertThat(Locations.groupOf("INSTITUTION:s1")).isEqualTo("institution-s1");
    assertThat(Locations.groupOf("DISTRICT_CARD_OFFICE")).isEqualTo("district-card-office");
    assertThat(Locations.groupOf("CITY_CENTRE")).isNull();
    assertThat(Locations.unitCode("DISTRICT_CARD_OFFICE")).isEqualTo("district-card-office");
    assertThat(Locations.isHandoverPoint("CITY_CENTRE")).isTrue();
    assertThat(Locations.isHandoverPoint("HOLDER")).isFalse();
    assertThat(Locations.isHandoverPoint("RETURNED")).isFalse();
    assertThat(Locations.isHandoverPoint("TOWN:")).isFalse();
    assertThat(Locations.isHandoverPoint("PLANET:x")).isFalse();
  }
}
