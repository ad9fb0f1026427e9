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
    // open tasks and their candidate links are never read by parallel workers (Tasklist's page: EngineIndexes)
    assertThat(jdbc.queryForList("select relname || ' ' || array_to_string(reloptions, ',') from pg_class where"
        + " relname in ('act_ru_task', 'act_ru_identitylink') order by relname", String.class))
        .containsExactly("act_ru_identitylink parallel_workers=0", "act_ru_task parallel_workers=0");
  }
}
