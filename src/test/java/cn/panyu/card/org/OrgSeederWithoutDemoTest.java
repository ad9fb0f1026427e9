package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Outside the demo profile (as with `postgres`): the district's units, no demo units, no demo users. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrgSeederWithoutDemoTest {

  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;

  @Test
  void onlyTheDistrictIsSeeded() {
    assertThat(units.findAll()).hasSize(18);
    assertThat(units.findByType(OrgUnitType.TOWN)).hasSize(16);
    assertThat(units.findByType(OrgUnitType.VILLAGE)).isEmpty();
    assertThat(units.findByType(OrgUnitType.DEPARTMENT)).isEmpty();
    assertThat(identity.createGroupQuery().groupId(OrgUnit.LEADERS_GROUP).count()).isEqualTo(1);
    assertThat(identity.createUserQuery().count()).isZero();
    assertThat(filters.createTaskFilterQuery().count()).isEqualTo(3);
  }
}
