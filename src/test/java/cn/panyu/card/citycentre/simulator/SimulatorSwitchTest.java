package cn.panyu.card.citycentre.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Production (card-centre.simulator.enabled=false, the default) loads none of the simulator. */
class SimulatorSwitchTest {

  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withBean(ObjectMapper.class)
      // the simulator's state needs a database (its store migrates its own tables)
      .withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:h2:mem:switch-" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1"))
      .withUserConfiguration(SimulatorConfiguration.class, SimulatorFaults.class, CallbackSender.class,
          SimulatorStore.class, CardCentreSimulator.class, CityCardCentreSimulatorController.class, SimulatorAdminController.class,
          CityCardCentreSimulatorApplication.class);

  @Test
  void nothingOfTheSimulatorWithoutTheSwitch() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(CardCentreSimulator.class);
      assertThat(context).doesNotHaveBean(SimulatorStore.class);
      assertThat(context).doesNotHaveBean(CityCardCentreSimulatorController.class);
      assertThat(context).doesNotHaveBean(SimulatorAdminController.class);
      assertThat(context).doesNotHaveBean(CityCardCentreSimulatorApplication.class);
    });
    runner.withPropertyValues("card-centre.simulator.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(SimulatorFaults.class));
  }

  @Test
  void theSimulatorWithTheSwitch() {
    runner.withPropertyValues("card-centre.simulator.enabled=true").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(CardCentreSimulator.class);
      assertThat(context).hasSingleBean(SimulatorAdminController.class);
      // the standalone entry point still stays out unless it starts itself
      assertThat(context).doesNotHaveBean(CityCardCentreSimulatorApplication.class);
    });
  }

  @Test
  void faultsCanBeSwitchedOnByConfiguration() {
    runner.withPropertyValues("card-centre.simulator.enabled=true", "card-centre.simulator.faults.fail-next-calls=3",
        "card-centre.simulator.faults.latency=250ms", "card-centre.simulator.faults.lose-callbacks=true")
        .run(context -> {
          FaultSettings faults = context.getBean(SimulatorFaults.class).current();
          assertThat(faults.failNextCalls()).isEqualTo(3);
          assertThat(faults.latency()).hasMillis(250);
          assertThat(faults.loseCallbacks()).isTrue();
          assertThat(faults.duplicateCallbacks()).isFalse();
        });
  }
}
