package cn.panyu.card;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.PostgresTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@PostgresTest
class ApplicationStartsOnPostgresTest {

  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;

  @Test
  void engineAndOwnTablesLiveOnPostgres() {
    String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
    assertThat(product).isEqualTo("PostgreSQL");
    assertThat(engine.getManagementService().getTableCount()).containsKey("ACT_RU_EXECUTION");
    // the application's own tables came from Flyway's migrations, on the same database
    assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
        .isPositive();
    // the postgres profile's sessions plan without parallel workers (Tasklist's page: application-postgres.yaml)
    assertThat(jdbc.queryForObject("show max_parallel_workers_per_gather", String.class)).isEqualTo("0");
  }
}
