package cn.panyu.card.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.collective.BatchIntake;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.PostgresTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Two institutions' files with the same people arrive at the same moment: on a real PostgreSQL the
 * primary key of applicant_claim gives each person to exactly one of them, the other gets
 * ALREADY_APPLIED, and neither file loses its other rows.
 */
@PostgresTest
@TestPropertySource(properties = "intake.chunk-size=50")
class ConcurrentIntakePostgresTest {

  @Autowired BatchIntake intake;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @TempDir Path dir;

  private static List<String> person(int n) {
    String id = TestIds.id(String.format("19%02d%02d%02d", 70 + n % 30, 1 + n % 12, 1 + n % 28), n % 1000);
    return List.of("工商银行", "并发" + n, IdNumber.gender(id), id, "1390000" + String.format("%04d", n % 10000),
        "W" + n, "户籍");
  }

  @Test
  void samePeopleInTwoFilesAtTheSameMoment() throws Exception {
    IntakeTestSupport.setUp(units, identity, authorizations);
    List<List<String>> shared = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      shared.add(person(1000 + i));
    }
    List<List<String>> a = new ArrayList<>();
    List<List<String>> b = new ArrayList<>();
    a.add(TestFiles.HEADER);
    b.add(TestFiles.HEADER);
    for (int i = 0; i < 200; i++) {
      a.add(person(3000 + i));
      b.add(person(5000 + i));
    }
    a.addAll(shared);
    List<List<String>> reversed = new ArrayList<>(shared);
    Collections.reverse(reversed); // claims in crossing order: PostgreSQL may pick a deadlock loser
    b.addAll(reversed);
    Path fileA = TestFiles.csv(dir, "a.csv", StandardCharsets.UTF_8, false, a);
    Path fileB = TestFiles.csv(dir, "b.csv", StandardCharsets.UTF_8, false, b);

    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<BatchIntake.IntakeResult> ra = pool.submit(() -> {
        start.await();
        return intake.intake(new BatchIntake.IntakeRequest(IntakeTestSupport.INSTITUTION, fileA, "a.csv",
            null, null, "a", LocalDate.now()));
      });
      Future<BatchIntake.IntakeResult> rb = pool.submit(() -> {
        start.await();
        return intake.intake(new BatchIntake.IntakeRequest(IntakeTestSupport.OTHER_INSTITUTION, fileB,
            "b.csv", null, null, "b", LocalDate.now()));
      });
      start.countDown();
      BatchIntake.IntakeResult resultA = ra.get(120, TimeUnit.SECONDS);
      BatchIntake.IntakeResult resultB = rb.get(120, TimeUnit.SECONDS);

      assertThat(resultA.accepted() + resultB.accepted()).isEqualTo(200 + 200 + 400);
      assertThat(resultA.rejectedRows() + resultB.rejectedRows()).isEqualTo(400);
      assertThat(resultA.rejected()).allSatisfy(e -> assertThat(e.reason()).isEqualTo("ALREADY_APPLIED"));
      assertThat(resultB.rejected()).allSatisfy(e -> assertThat(e.reason()).isEqualTo("ALREADY_APPLIED"));
      for (List<String> p : shared) {
        assertThat(jdbc.queryForObject("select count(*) from application where id_number = ?", Integer.class,
            p.get(3))).isEqualTo(1);
      }
      assertThat(jdbc.queryForObject("select count(*) from applicant_claim c join application a"
          + " on a.application_number = c.application_number", Integer.class)).isEqualTo(800);
      assertThat(jdbc.queryForObject("select count(*) from application_event e join application a"
          + " on a.application_number = e.application_number where e.status = 'REGISTERED'", Integer.class))
          .isEqualTo(800);
      assertThat(jdbc.queryForObject("select count(*) from batch_row_error where reason = 'ALREADY_APPLIED'",
          Integer.class)).isEqualTo(400);
    } finally {
      pool.shutdownNow();
    }
  }
}
