package cn.panyu.card.citycentre.simulator;

import java.util.Map;
import org.camunda.bpm.spring.boot.starter.CamundaBpmAutoConfiguration;
import org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration;
import org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.h2.H2ConsoleAutoConfiguration;
import org.springframework.boot.autoconfigure.jersey.JerseyAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The City Card Centre simulator as its own process: only this package and its own database (its state,
 * {@link SimulatorStore}), no process engine; configuration from {@code config/city-card-centre-simulator.yaml}
 * (port 8090, database {@code SIMULATOR_DB_URL}), not the application's {@code application.yaml}. After {@code mvn -q -B -o package -DskipTests}:
 * <pre>
 * java -cp target/card-issuance-0.1.0-SNAPSHOT.jar \
 *   -Dloader.main=cn.panyu.card.citycentre.simulator.CityCardCentreSimulatorApplication \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --server.port=8090
 * </pre>
 * The main application's component scan reaches this package too; the condition below keeps this class
 * (and its auto-configuration exclusions) out of it: only {@link #main} sets the property.
 */
@SpringBootApplication(exclude = {
    CamundaBpmAutoConfiguration.class,
    CamundaBpmRestJerseyAutoConfiguration.class,
    CamundaBpmWebappAutoConfiguration.class,
    JerseyAutoConfiguration.class,
    // the simulator migrates its own tables (SimulatorStore): the application's migrations are not its
    SqlInitializationAutoConfiguration.class,
    FlywayAutoConfiguration.class,
    H2ConsoleAutoConfiguration.class})
@ConditionalOnProperty(name = CityCardCentreSimulatorApplication.STANDALONE, havingValue = "true")
public class CityCardCentreSimulatorApplication {

  static final String STANDALONE = "card-centre.simulator.standalone";

  public static void main(String[] args) {
    start(args);
  }

  /** Starts the standalone simulator (also used by its test, with {@code --server.port=0}). */
  public static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(CityCardCentreSimulatorApplication.class)
        .properties(Map.of(
            STANDALONE, "true",
            "card-centre.simulator.enabled", "true",
            "spring.config.name", "city-card-centre-simulator"))
        .run(args);
  }
}
