package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.PostgresTest;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** The seeding, the start-up village import and the access rules on a real PostgreSQL. */
@PostgresTest
@TestPropertySource(properties = "org.village-import-file=src/test/resources/org/villages-import.csv")
class OrgOnPostgresTest {

  @Autowired OrgSeeder seeder;
  @Autowired OrgUnitRepository units;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;

  @AfterEach
  void signOut() {
    identity.clearAuthentication();
  }

  @Test
  void seedingAndTheStartUpImportRunTwiceWithoutDuplicates() {
    assertThat(units.findByType(OrgUnitType.TOWN)).hasSize(16);
    assertThat(units.isSchool("shiqiao-central-primary")).isTrue();
    assertThat(units.findChildren("440113009")).extracting(OrgUnit::code)
        .contains("440113009801", "440113009802").doesNotContain("4401130098xx");
    Map<String, Integer> before = OrgCounts.of(jdbc);
    seeder.seed();
    assertThat(OrgCounts.of(jdbc)).isEqualTo(before);
  }

  @Test
  void villageTasksAndInstancesStayWithinTheirUnits() {
    repository.createDeployment().addClasspathResource("org/unit-task.bpmn").deploy();
    ProcessInstance mine = runtime.startProcessInstanceByKey("org-access-test",
        Map.of("unitCode", "440113007901", "candidateGroup", "village-440113007901"));
    ProcessInstance other = runtime.startProcessInstanceByKey("org-access-test",
        Map.of("unitCode", "440113007902", "candidateGroup", "village-440113007902"));

    signIn("village");
    assertThat(tasks.createTaskQuery().processDefinitionKey("org-access-test").list())
        .extracting(t -> t.getProcessInstanceId()).containsExactly(mine.getId());
    signIn("shiqiao");
    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("org-access-test").count()).isEqualTo(2);
    signIn("nancun");
    assertThat(runtime.createProcessInstanceQuery().processInstanceIds(java.util.Set.of(mine.getId(), other.getId()))
        .count()).isZero();
  }

  private void signIn(String userId) {
    identity.clearAuthentication(); // the group query itself is subject to the previous user's authorizations
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
  }
}
