package cn.panyu.card.collective;

import static cn.panyu.card.collective.CollectiveTestData.csv;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.support.PostgresTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The collective path on a real PostgreSQL server: issue 16's batch of twenty whose two undecided rows do not hold
 * up the eighteen cards, and the recovery of cards uncollected at the deadline, as on H2; here the submissions go in
 * parts of at most eight rows (twenty rows: three parts) and the City Card Centre takes four seconds to make cards,
 * so that a poll before it has finished finds the results missing and waits for the next one.
 */
@PostgresTest
@TestPropertySource(properties = {"collective.submission-max-rows=8", "card-centre.simulator.card-making-delay=4s"})
class CollectiveIssuancePostgresTest extends CollectiveProcessTestSupport {

  @Test
  void twentyRowsTwoUndecidedTheEighteenHoldTheirCardsAndTheirSheetsAreBack() {
    twentyRowsOfWhichTwoStayUndecided();
  }

  @Test
  void cardsUncollectedAtTheDeadlineGoBackInOneBoxPerLevel() {
    uncollectedCardsGoBackAtTheDeadlineInOneBoxPerLevel();
  }

  @Test
  void aPollBeforeTheCentreHasMadeTheCardsWaitsForTheNextPoll() {
    JsonNode created = uploadOverHttp("gov-inst", CDC, csv("工作证号", CollectiveTestData.panyu(10)), null);
    String pi = created.get("processInstanceId").asText();
    String batch = created.get("batchNumber").asText();
    approveReviews(pi);
    runAsyncJobs();
    List<String> parts = jdbc.queryForList("select submission_id from submission where batch_number = ?"
        + " order by submission_id", String.class, batch);
    assertThat(parts).hasSize(2);
    assertThat(parts).as("the centre is still making the cards (it takes 4 s): this poll comes before")
        .allSatisfy(id -> assertThat(simulator.report(id).orElseThrow().status())
            .isEqualTo(CardCentreSimulator.PROCESSING));
    management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().list()
        .forEach(j -> management.executeJob(j.getId()));
    runAsyncJobs();
    // nothing yet: each part polls again later
    assertThat(management.createJobQuery().processInstanceId(pi).activityId("Timer_PollResults").timers().count())
        .isEqualTo(2);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Gateway_PollLoop")
        .count()).isEqualTo(4);
    assertThat(count(batch, "SUBMITTED")).isEqualTo(10);

    makeCards(pi, batch);
    assertThat(count(batch, "IN_TRANSIT")).isEqualTo(10);
    deliverAll(batch);
    asUser("gov-inst", CDC_GROUP, () -> complete(pi, "Task_IssueCards", Map.of("signOffScan", scan("签收表.pdf"))));
    deliverAll(batch);
    assertThat(endedAt(pi)).isNotNull();
    assertThat(summaryOverHttp("gov-inst", batch).get("counts").toString()).isEqualTo("{\"accepted\":10,"
        + "\"rejected\":0,\"ineligible\":0,\"made\":10,\"issued\":10,\"signed\":10,\"recovered\":0}");
  }
}
