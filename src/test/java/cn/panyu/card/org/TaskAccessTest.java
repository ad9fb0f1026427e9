package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a unit's users see and may do with authorizations on: tasks of their own unit only, instances
 * of their own unit and the units below it, never a sibling's.
 */
@H2Test
class TaskAccessTest {

  static final String VILLAGE = "440113007901";
  static final String VILLAGE2 = "440113007902";

  @Autowired ProcessEngine engine;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired FilterService filters;
  @Autowired InstanceAccess instanceAccess;
  @Autowired TestRestTemplate http;
  @Autowired AccessGrants grants;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  ProcessInstance inVillage;
  ProcessInstance inVillage2;

  @BeforeEach
  void startOneInstancePerVillage() {
    identity.clearAuthentication();
    repository.createDeployment().addClasspathResource("org/unit-task.bpmn").deploy();
    inVillage = start(VILLAGE);
    inVillage2 = start(VILLAGE2);
  }

  @AfterEach
  void signOut() {
    identity.clearAuthentication();
  }

  private ProcessInstance start(String villageCode) {
    return runtime.startProcessInstanceByKey("org-access-test", Map.of(
        GrantUnitReadListener.UNIT_CODE.name(), villageCode,
        "candidateGroup", OrgUnit.groupIdOf(OrgUnitType.VILLAGE, villageCode)));
  }

  private void signIn(String userId) {
    identity.clearAuthentication(); // the group query itself is subject to the previous user's authorizations
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
  }

  private List<String> visibleInstancesOfMyTasks(String userId) {
    signIn(userId);
    try {
      return tasks.createTaskQuery().processDefinitionKey("org-access-test").list().stream()
          .map(Task::getProcessInstanceId).toList();
    } finally {
      identity.clearAuthentication();
    }
  }

  private Task taskOf(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  @Test
  void engineIsConfiguredForPerInstanceAccess() {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(config.isAuthorizationEnabled()).isTrue();
    assertThat(config.isEnableHistoricInstancePermissions()).isTrue();
    assertThat(config.getDefaultUserPermissionForTask()).isEqualTo(Permissions.UPDATE);
    assertThat(config.getGeneralResourceWhitelistPattern()).isEqualTo("[a-zA-Z0-9-]+");
  }

  @Test
  void candidateGroupGetsReadAndUpdateOnItsTaskOnly() {
    Task task = taskOf(inVillage);
    Authorization grant = authorizations.createAuthorizationQuery()
        .resourceType(Resources.TASK).resourceId(task.getId()).groupIdIn("village-" + VILLAGE).singleResult();
    assertThat(grant.isPermissionGranted(TaskPermissions.READ)).isTrue();
    assertThat(grant.isPermissionGranted(TaskPermissions.UPDATE)).isTrue();
    assertThat(authorizations.createAuthorizationQuery()
        .resourceType(Resources.TASK).resourceId(task.getId()).groupIdIn("village-" + VILLAGE2).count()).isZero();
  }

  @Test
  void aVillageUserSeesOnlyHisVillagesTasks() {
    List<String> seenByVillage = visibleInstancesOfMyTasks("village");
    assertThat(seenByVillage).contains(inVillage.getId()).doesNotContain(inVillage2.getId());
    List<String> seenByVillage2 = visibleInstancesOfMyTasks("village2");
    assertThat(seenByVillage2).contains(inVillage2.getId()).doesNotContain(inVillage.getId());
    // the town does not work its villages' tasks
    assertThat(visibleInstancesOfMyTasks("shiqiao")).doesNotContain(inVillage.getId(), inVillage2.getId());
  }

  @Test
  void theSharedFilterShowsTheTasksOfMyUnit() {
    Filter myUnit = filters.createTaskFilterQuery().filterName(TasklistFilters.MY_UNIT).singleResult();
    signIn("village");
    List<Task> listed = filters.list(myUnit.getId());
    identity.clearAuthentication();
    assertThat(listed).extracting(Task::getProcessInstanceId)
        .contains(inVillage.getId()).doesNotContain(inVillage2.getId());
  }

  @Test
  void anotherVillageCannotCompleteTheTask() {
    String taskId = taskOf(inVillage).getId();
    signIn("village2");
    assertThatThrownBy(() -> tasks.complete(taskId)).isInstanceOf(AuthorizationException.class);
    identity.clearAuthentication();

    signIn("village");
    tasks.complete(taskId);
    identity.clearAuthentication();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(inVillage.getId()).count()).isZero();
  }

  @Test
  void restTaskListOverHttpShowsOnlyMyUnitsTasks() {
    ResponseEntity<JsonNode> response = http.withBasicAuth("village", "demo")
        .getForEntity("/engine-rest/task?processDefinitionKey=org-access-test", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> instances = response.getBody().findValuesAsText("processInstanceId");
    assertThat(instances).contains(inVillage.getId()).doesNotContain(inVillage2.getId());

    assertThat(http.getForEntity("/engine-rest/task", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.withBasicAuth("nobody", "demo").getForEntity("/engine-rest/task", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theTownReadsItsVillagesInstancesAndASiblingTownDoesNot() {
    // the start listener (${grantUnitRead}) granted the village and its town
    assertThat(readableInstance("shiqiao", inVillage)).isTrue();
    assertThat(readableHistory("shiqiao", inVillage)).isTrue();
    assertThat(readableInstance("village", inVillage)).isTrue();
    assertThat(readableInstance("village2", inVillage)).isFalse();
    assertThat(readableHistory("village2", inVillage)).isFalse();
    assertThat(readableInstance("nancun", inVillage)).isFalse();
    assertThat(readableHistory("nancun", inVillage)).isFalse();
    // the card office and the leaders read every instance and its history
    assertThat(readableInstance("cardoffice", inVillage)).isTrue();
    assertThat(readableHistory("leader", inVillage2)).isTrue();
    // a department reads nothing of a town's villages
    assertThat(readableInstance("edu", inVillage)).isFalse();
  }

  @Test
  void aVillageUserStartsAnInstanceAndHisTownReadsIt() {
    // the process grants read access although the starting clerk may not grant anything himself
    grants.grant("village-" + VILLAGE, Resources.PROCESS_DEFINITION, "org-access-test",
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE);
    signIn("village");
    ProcessInstance started = start(VILLAGE);
    identity.clearAuthentication();
    assertThat(readableInstance("shiqiao", started)).isTrue();
    assertThat(readableInstance("nancun", started)).isFalse();
  }

  @Test
  void theGrantsGoWithTheInstancesHistory() {
    Task task = taskOf(inVillage);
    signIn("village");
    tasks.complete(task.getId());
    identity.clearAuthentication();
    // the engine drops the grants on the running instance when it ends ...
    assertThat(jdbc.queryForObject("select count(*) from ACT_RU_AUTHORIZATION where RESOURCE_ID_ = ? and RESOURCE_TYPE_ = ?",
        Integer.class, inVillage.getId(), Resources.PROCESS_INSTANCE.resourceType())).isZero();
    // ... and the history cleanup removes those on its history (village and town) together with it
    List<Map<String, Object>> rows = jdbc.queryForList(
        "select ROOT_PROC_INST_ID_, REMOVAL_TIME_ from ACT_RU_AUTHORIZATION where RESOURCE_ID_ = ? and RESOURCE_TYPE_ = ?",
        inVillage.getId(), Resources.HISTORIC_PROCESS_INSTANCE.resourceType());
    assertThat(rows).hasSize(2).allSatisfy(row -> {
      assertThat(row.get("ROOT_PROC_INST_ID_")).isEqualTo(inVillage.getId());
      assertThat(row.get("REMOVAL_TIME_")).as("removal time set when the instance ended").isNotNull();
    });
  }

  @Test
  void grantReadIsIdempotentAndNamesTheSupervisingGroups() {
    long before = authorizations.createAuthorizationQuery().count();
    List<String> groups = instanceAccess.grantRead(inVillage.getId(), VILLAGE);
    assertThat(groups).containsExactly("village-" + VILLAGE, "town-440113007");
    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(before);
  }

  @Test
  void grantReadCoversAnInstitutionsDepartment() {
    ProcessInstance batch = runtime.startProcessInstanceByKey("org-access-test", Map.of(
        GrantUnitReadListener.UNIT_CODE.name(), "shiqiao-central-primary",
        "candidateGroup", "institution-shiqiao-central-primary"));
    assertThat(readableInstance("school", batch)).isTrue();
    assertThat(readableInstance("edu", batch)).isTrue();
    assertThat(readableInstance("gov-inst", batch)).isFalse();
    assertThat(readableInstance("shiqiao", batch)).isFalse();
  }

  private boolean readableInstance(String userId, ProcessInstance instance) {
    signIn(userId);
    try {
      return runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 1;
    } finally {
      identity.clearAuthentication();
    }
  }

  private boolean readableHistory(String userId, ProcessInstance instance) {
    signIn(userId);
    try {
      return history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).count() == 1;
    } finally {
      identity.clearAuthentication();
    }
  }
}
