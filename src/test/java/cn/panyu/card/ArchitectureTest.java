package cn.panyu.card;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.CardCentreModel;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;

/**
 * The dependencies between the features that the code keeps, read from the bytecode of src/main: no Spring, no
 * engine, a few seconds.
 */
@AnalyzeClasses(packages = "cn.panyu.card", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

  private static final String ENGINE_API = "org.camunda.bpm.engine..";
  private static final String SIMULATOR = "cn.panyu.card.citycentre.simulator..";

  /**
   * The classes outside the process adapters that use the engine API, each with its reason. A class that stops
   * using it must leave the list (allowListIsCurrent); a new user of the engine API goes into a process adapter
   * or gets a line here.
   */
  static final Map<String, String> ENGINE_API_ALLOWED = Map.ofEntries(
      // services that start processes or correlate messages themselves, in the transaction that stores their data
      allow("individual.IndividualRegistrations", "starts individual-issuance for an application registered by API"),
      allow("application.CardResults", "correlates the City Card Centre's results and activations to the instances"),
      allow("collective.BatchIntake", "starts collective-issuance for a batch posted by API, with the batch stored"),
      allow("collective.CollectiveBatchController", "answers the engine's refusal to start a batch (403)"),
      allow("collective.CollectiveBatches", "the batch status API reads the batch's open tasks and ended instance"),
      // process contracts whose typed variables include files uploaded in Tasklist, which the engine holds as FileValue
      allow("individual.IndividualIssuance", "declares its processes' typed variables, the uploaded files among them"),
      allow("collective.CollectiveIssuance", "declares its process's typed variables, the uploaded files among them"),
      allow("individual.IndividualUnits", "sets the unit variables on the execution for the individual delegates"),
      allow("individual.RegistrationForm", "reads the registration form's variables for the individual delegates"),
      // the engine's clock (ClockUtil), which the process tests move: the one Clock bean of the application
      allow("rules.EngineClock", "the engine's clock as a java.time.Clock, the application's Clock bean"),
      // DMN: the analysts' tables are evaluated by the engine's decision service
      allow("rules.Rules", "evaluates the DMN tables (decision service), as the system"),
      // units, users and groups are the engine's identity, and who sees what is the engine's authorizations
      allow("org.AccessGrants", "grants engine permissions to a unit's group"),
      allow("org.InstanceAccess", "grants READ on one process instance and its history to the units above"),
      allow("org.OrgSeeder", "creates the demo users in the engine's identity service"),
      allow("org.TasklistFilters", "creates Tasklist's filters (filter service)"),
      allow("org.UnitAccess", "the current user and his groups are the engine's authentication"),
      allow("org.UnitProvisioning", "a group and its grants for each unit"),
      // the doors to the engine: authentication, the guard of its REST API and forms, what its history keeps
      allow("security.ApiAuthenticationConfig", "the engine's HTTP Basic filter for /engine-rest and /api"),
      allow("security.ApiAuthenticationFilter", "the engine's HTTP Basic filter, minus the callback and public paths"),
      allow("security.EngineRestGuard", "checks /engine-rest calls against the task's or process's form"),
      allow("security.SecurityConfiguration", "hands the engine's identity service and name to the guard"),
      allow("security.StepForms", "looks up the deployed form of a task or start event"),
      allow("security.PersonalDataHistoryPlugin", "an engine plugin: installs the masking history producer"),
      allow("security.PersonalDataHistoryProducer", "masks ID numbers and phones in the engine's history events"));

  private static final List<Class<?>> ENGINE_CALLBACKS = List.of(JavaDelegate.class, TaskListener.class,
      ExecutionListener.class);

  /**
   * A feature's process package, the shared engine support ({@code cn.panyu.card.engine}: acting as the system, who
   * acts, uploaded files), a delegate or listener, or a configuration of delegate beans.
   */
  static final DescribedPredicate<JavaClass> PROCESS_ADAPTER = DescribedPredicate.describe("a process adapter",
      javaClass -> {
        JavaClass top = topLevel(javaClass);
        return top.getPackageName().matches("cn\\.panyu\\.card(\\.\\w+)?\\.process(\\..*)?")
            || top.getPackageName().startsWith("cn.panyu.card.engine")
            || ENGINE_CALLBACKS.stream().anyMatch(top::isAssignableTo)
            || top.getMethods().stream().anyMatch(m -> ENGINE_CALLBACKS.stream()
                .anyMatch(callback -> m.getRawReturnType().isAssignableTo(callback)));
      });

  static final DescribedPredicate<JavaClass> ALLOWED = DescribedPredicate.describe("on ENGINE_API_ALLOWED",
      javaClass -> ENGINE_API_ALLOWED.containsKey(topLevel(javaClass).getName()));

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures = slices().matching("cn.panyu.card.(*)..")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule simulatorStandsAlone = noClasses().that().resideInAPackage(SIMULATOR)
      .should().dependOnClassesThat(resideInAPackage("cn.panyu.card..")
          .and(not(resideInAnyPackage(SIMULATOR, "cn.panyu.card.personaldata..")))
          .and(not(belongToAnyOf(CardCentreModel.class))))
      .because("the simulator runs as a process of its own; it shares only the exchange messages (CardCentreModel,"
          + " the Java form of openapi/city-card-centre.yaml) and the masking of personal data");

  @ArchTest
  static final ArchRule applicationDoesNotNeedTheSimulator = noClasses().that().resideOutsideOfPackage(SIMULATOR)
      .should().dependOnClassesThat().resideInAPackage(SIMULATOR)
      .because("the application talks to the City Card Centre over HTTP only, simulated or real");

  @ArchTest
  static final ArchRule engineApiOnlyInProcessAdapters = noClasses()
      .that(not(PROCESS_ADAPTER).and(not(ALLOWED)))
      .should().dependOnClassesThat().resideInAPackage(ENGINE_API)
      .because("features reach the engine through their process adapters (a process package, delegates,"
          + " listeners); the other users of the engine API are listed with their reasons in ENGINE_API_ALLOWED");

  @ArchTest
  static void allowListIsCurrent(JavaClasses classes) {
    List<String> stale = ENGINE_API_ALLOWED.keySet().stream()
        .filter(name -> !classes.contain(name) || !usesEngineApi(classes.get(name))
            || PROCESS_ADAPTER.test(classes.get(name)))
        .sorted().toList();
    assertThat(stale).as("on ENGINE_API_ALLOWED but gone, a process adapter, or no longer using the engine API:"
        + " take them off the list").isEmpty();
  }

  private static Map.Entry<String, String> allow(String className, String why) {
    return Map.entry("cn.panyu.card." + className, why);
  }

  /** Nested classes and lambdas belong to the class they are written in. */
  private static JavaClass topLevel(JavaClass javaClass) {
    return javaClass.getEnclosingClass().map(ArchitectureTest::topLevel).orElse(javaClass);
  }

  private static boolean usesEngineApi(JavaClass javaClass) {
    return javaClass.getDirectDependenciesFromSelf().stream()
        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.camunda.bpm.engine"));
  }
}
