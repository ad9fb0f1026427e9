package cn.panyu.card.process;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine's tables on PostgreSQL carry every index of {@link EngineIndexes} (what the benchmarks found missing),
 * valid, and the one on locked jobs only over the locked ones.
 */
@PostgresTest
class EngineIndexesPostgresTest {

  @Autowired JdbcTemplate jdbc;

  @Test
  void theMissingIndexesAreThereAndValid() {
    for (String name : EngineIndexes.POSTGRES.keySet()) {
      assertThat(jdbc.queryForObject("select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
          + " where c.relname = ?", Boolean.class, name)).as(name).isTrue();
    }
    assertThat(jdbc.queryForObject("select indexdef from pg_indexes where indexname = 'card_idx_ru_job_locked'",
        String.class)).contains("WHERE (lock_owner_ IS NOT NULL)");
  }
}
