package cn.panyu.card.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fast model layer: one model on a bare engine (no Spring, no application, no database of the application),
 * its delegates stubbed, its expression beans replaced by {@link ModelBeans}, the processes it calls replaced by
 * stubs that end at once (src/test/resources/models/stubs), jobs and timers executed by the test. Each subclass
 * deploys its model with {@code @Deployment} on the class (the coverage of a class needs the same deployment for
 * every test), registers the engine with {@link #engine(double, String...)} and names the beans its model calls
 * by delegate expression in {@link #calledBeans()}: a model that calls another bean, or no longer calls one, fails
 * every test until the test is updated.
 *
 * <p>The engine (models/camunda.cfg.xml) is built once per JVM and shared by the model test classes; it has a
 * name of its own, so it lives beside the Spring test contexts of the same surefire fork. The engine's clock
 * is frozen at {@link #NOW} during a test.
 */
public abstract class ModelTest {

  /** The engine configuration of the model tests. */
  public static final String ENGINE_CONFIGURATION = "models/camunda.cfg.xml";

  /** The engine's clock during a test: a Monday morning in Panyu. */
  public static final Date NOW = Date.from(OffsetDateTime.parse("2013-09-02T09:00:00+08:00").toInstant());

  private static final Pattern DELEGATE_EXPRESSION = Pattern.compile("delegateExpression=\"\\$\\{([A-Za-z0-9_]+)}\"");

  protected final ModelBeans.Deadlines deadlines = ModelBeans.Deadlines.fromTable();
  protected final ModelBeans.Shipments shipments = new ModelBeans.Shipments();
  protected final ModelBeans.BatchIssuing batchIssuing = new ModelBeans.BatchIssuing();
  protected final ModelBeans.BatchFollowUps batchFollowUps = new ModelBeans.BatchFollowUps();
  protected final ModelBeans.WorkingCalendar workingCalendar = new ModelBeans.WorkingCalendar();
  private final Map<String, StubDelegate> stubs = new LinkedHashMap<>();

  /**
   * The engine with the coverage extension: after the class, the coverage of its models (less the stubbed keys)
   * must be at least {@code minimum}; the report goes to target/process-test-coverage/.
   */
  protected static ProcessEngineCoverageExtension engine(double minimum, String... stubbedProcessKeys) {
    return ProcessEngineCoverageExtension.builder(ENGINE_CONFIGURATION)
        .assertClassCoverageAtLeast(minimum)
        .excludeProcessDefinitionKeys(stubbedProcessKeys)
        .build();
  }

  /** The beans the model under test calls by {@code camunda:delegateExpression}. */
  protected abstract Set<String> calledBeans();

  @BeforeEach
  void registerStubs(ProcessEngine engine) {
    BpmnAwareTests.init(engine);
    ClockUtil.setCurrentTime(NOW);
    ModelBeans.all(deadlines, shipments, batchIssuing, batchFollowUps, workingCalendar).forEach(Mocks::register);
    Set<String> inModel = delegatesOfDeployedModels();
    assertThat(new TreeSet<>(calledBeans()))
        .as("the beans %s calls by delegate expression", getClass().getSimpleName())
        .isEqualTo(inModel);
    for (String name : inModel) {
      StubDelegate stub = new StubDelegate(name);
      stubs.put(name, stub);
      Mocks.register(name, stub);
    }
  }

  @AfterEach
  void resetStubs() {
    Mocks.reset();
    BpmnAwareTests.reset();
    ClockUtil.reset();
  }

  /** The delegate expressions of the models (processes/*.bpmn) the class deploys. */
  private Set<String> delegatesOfDeployedModels() {
    Deployment deployment = getClass().getAnnotation(Deployment.class);
    assertThat(deployment).as("@Deployment on " + getClass().getSimpleName()).isNotNull();
    Set<String> names = new TreeSet<>();
    for (String resource : deployment.resources()) {
      if (!resource.startsWith("processes/") || !resource.endsWith(".bpmn")) {
        continue;
      }
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        Matcher m = DELEGATE_EXPRESSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) {
          names.add(m.group(1));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return names;
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** The stub of a bean the model calls by delegate expression. */
  protected StubDelegate stub(String bean) {
    StubDelegate stub = stubs.get(bean);
    assertThat(stub).as("a stub for ${%s} (is it in calledBeans()?)", bean).isNotNull();
    return stub;
  }

  /** Starts the model with a business key and variables (name, value, name, value, ...). */
  protected static ProcessInstance start(String processKey, String businessKey, Object... variables) {
    return runtimeService().startProcessInstanceByKey(processKey, businessKey, vars(variables));
  }

  /** Variables as a map from name, value, name, value, ... (values may be null). */
  protected static Map<String, Object> vars(Object... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("name/value pairs expected");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      map.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return map;
  }

  /**
   * The one instance of a process that a timer or message started (it may have ended already), as a
   * {@link ProcessInstance} for the assertions.
   */
  protected static ProcessInstance theInstanceOf(String processKey) {
    HistoricProcessInstance hpi = historyService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(processKey).singleResult();
    assertThat(hpi).as("one instance of %s", processKey).isNotNull();
    return new StartedInstance(hpi);
  }

  /** An instance known from the history. */
  private record StartedInstance(HistoricProcessInstance hpi) implements ProcessInstance {
    @Override public String getId() { return hpi.getId(); }
    @Override public String getProcessInstanceId() { return hpi.getId(); }
    @Override public String getProcessDefinitionId() { return hpi.getProcessDefinitionId(); }
    @Override public String getProcessDefinitionKey() { return hpi.getProcessDefinitionKey(); }
    @Override public String getBusinessKey() { return hpi.getBusinessKey(); }
    @Override public String getRootProcessInstanceId() { return hpi.getRootProcessInstanceId(); }
    @Override public String getCaseInstanceId() { return hpi.getCaseInstanceId(); }
    @Override public String getTenantId() { return hpi.getTenantId(); }
    @Override public boolean isSuspended() { return false; }
    @Override public boolean isEnded() { return hpi.getEndTime() != null; }
  }

  /** The end event at which an ended instance ended. */
  protected static String endedAt(ProcessInstance pi) {
    HistoricProcessInstance hpi = historyService().createHistoricProcessInstanceQuery()
        .processInstanceId(pi.getId()).singleResult();
    assertThat(hpi.getEndTime()).as("instance %s ended", pi.getId()).isNotNull();
    return hpi.getEndActivityId();
  }

  /** The instances of a (stubbed) called process that this instance started, oldest first. */
  protected static List<HistoricProcessInstance> called(ProcessInstance pi, String processKey) {
    return historyService().createHistoricProcessInstanceQuery()
        .superProcessInstanceId(pi.getId()).processDefinitionKey(processKey)
        .orderByProcessInstanceStartTime().asc().orderByProcessInstanceId().asc().list();
  }

  /** The variables a called instance was started with (from the history). */
  protected static Map<String, Object> variablesOf(HistoricProcessInstance called) {
    return historyService().createHistoricVariableInstanceQuery().processInstanceId(called.getId()).list()
        .stream().filter(v -> v.getValue() != null)
        .collect(Collectors.toMap(HistoricVariableInstance::getName, HistoricVariableInstance::getValue));
  }

  /** How often the instance entered an activity (a loop's rounds). */
  protected static long timesPassed(ProcessInstance pi, String activityId) {
    return historyService().createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
        .activityId(activityId).count();
  }
}
