package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@H2Test
class OrgSeederTest {

  @Autowired OrgSeeder seeder;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired FilterService filters;
  @Autowired JdbcTemplate jdbc;

  @Test
  void seedingTwiceChangesNothing() {
    Map<String, Integer> before = OrgCounts.of(jdbc);
    seeder.seed();
    seeder.seed();
    assertThat(OrgCounts.of(jdbc)).isEqualTo(before);
  }

  @Test
  void districtUnitsTownsAndTheirGroupsExist() {
    assertThat(units.findByType(OrgUnitType.TOWN)).hasSize(16)
        .extracting(OrgUnit::code).contains("440113007", "440113118");
    assertThat(units.findByCode(OrgUnit.CARD_OFFICE_CODE)).get().extracting(OrgUnit::name).isEqualTo("区卡办");
    assertThat(units.findByCode(OrgUnit.AFFAIRS_OFFICE_CODE)).get().extracting(OrgUnit::name).isEqualTo("区政务办");

    Group town = identity.createGroupQuery().groupId("town-440113007").singleResult();
    assertThat(town.getName()).isEqualTo("市桥街道");
    assertThat(town.getType()).isEqualTo(Groups.GROUP_TYPE_WORKFLOW);
    assertThat(identity.createGroupQuery().groupId(OrgUnit.LEADERS_GROUP).singleResult().getName())
        .isEqualTo("区领导小组");
    // every unit has its group
    for (OrgUnit unit : units.findAll()) {
      assertThat(identity.createGroupQuery().groupId(unit.groupId()).count()).as(unit.code()).isEqualTo(1);
    }
  }

  @Test
  void demoUnitsVillagesAndUsers() {
    assertThat(units.isSchool("shiqiao-central-primary")).isTrue();
    assertThat(units.isSchool("panyu-cdc")).isFalse();
    assertThat(units.findByCode("shiqiao-central-primary")).get().extracting(OrgUnit::parentCode).isEqualTo("edu");
    List<OrgUnit> villages = units.findChildren("440113007");
    assertThat(villages).extracting(OrgUnit::code).containsExactly("440113007901", "440113007902");
    assertThat(villages).allSatisfy(v -> assertThat(v.name()).startsWith("市桥街道").endsWith("(演示)"));
    assertThat(units.findByType(OrgUnitType.VILLAGE)).hasSizeGreaterThanOrEqualTo(32);

    Map<String, String> groupOfUser = Map.of("cardoffice", "district-card-office", "affairs", "district-affairs-office",
        "edu", "department-edu", "school", "institution-shiqiao-central-primary", "gov-inst", "institution-panyu-cdc",
        "shiqiao", "town-440113007", "village", "village-440113007901", "village2", "village-440113007902",
        "leader", "leaders");
    groupOfUser.forEach((user, group) -> {
      assertThat(identity.checkPassword(user, "demo")).as(user).isTrue();
      assertThat(identity.createUserQuery().userId(user).memberOfGroup(group).count()).as(user).isEqualTo(1);
      assertThat(identity.createUserQuery().userId(user).singleResult().getLastName()).as(user).isNotBlank();
    });
    // the administrator of camunda.bpm.admin-user also works the card office's tasks in the demo
    assertThat(identity.createUserQuery().userId("demo").memberOfGroup("camunda-admin").count()).isEqualTo(1);
    assertThat(identity.createUserQuery().userId("demo").memberOfGroup(OrgUnit.CARD_OFFICE_CODE).count()).isEqualTo(1);
  }

  @Test
  void everyUnitGroupMayUseTasklistAndTheFilters() {
    List<Filter> shared = filters.createTaskFilterQuery().list();
    assertThat(shared).extracting(Filter::getName)
        .contains(TasklistFilters.MY_UNIT, TasklistFilters.MINE, TasklistFilters.OVERDUE);
    List<String> village = List.of("village-440113007901");
    assertThat(authorizations.isUserAuthorized("x", village, Permissions.ACCESS, Resources.APPLICATION, "tasklist"))
        .isTrue();
    assertThat(authorizations.isUserAuthorized("x", village, Permissions.ACCESS, Resources.APPLICATION, "cockpit"))
        .isFalse();
    for (Filter f : shared) {
      assertThat(authorizations.isUserAuthorized("x", village, Permissions.READ, Resources.FILTER, f.getId()))
          .as(f.getName()).isTrue();
    }
    // a village starts individual applications, not batches; it reads no instances wholesale
    assertThat(authorizations.isUserAuthorized("x", village, ProcessDefinitionPermissions.CREATE_INSTANCE,
        Resources.PROCESS_DEFINITION, "individual-issuance")).isTrue();
    assertThat(authorizations.isUserAuthorized("x", village, ProcessDefinitionPermissions.CREATE_INSTANCE,
        Resources.PROCESS_DEFINITION, "collective-issuance")).isFalse();
    assertThat(authorizations.isUserAuthorized("x", village, ProcessDefinitionPermissions.READ_INSTANCE,
        Resources.PROCESS_DEFINITION, "individual-issuance")).isFalse();
    assertThat(authorizations.isUserAuthorized("x", village, ProcessDefinitionPermissions.READ_TASK,
        Resources.PROCESS_DEFINITION, "individual-issuance")).isFalse();

    for (String overseer : List.of(OrgUnit.CARD_OFFICE_CODE, OrgUnit.LEADERS_GROUP)) {
      List<String> g = List.of(overseer);
      assertThat(authorizations.isUserAuthorized("x", g, Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
      assertThat(authorizations.isUserAuthorized("x", g, ProcessDefinitionPermissions.READ_HISTORY,
          Resources.PROCESS_DEFINITION, "individual-issuance")).isTrue();
      assertThat(authorizations.isUserAuthorized("x", g, Permissions.READ, Resources.PROCESS_INSTANCE, "any")).isTrue();
    }
  }
}
