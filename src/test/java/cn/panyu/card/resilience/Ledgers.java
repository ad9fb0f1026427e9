package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.citycentre.simulator.CardCentreSimulator;
import cn.panyu.card.custody.CustodyLedger;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The "nothing lost, nothing twice" checks every resilience test ends with, straight on the tables. */
final class Ledgers {

  private Ledgers() {}

  /** No card number on two applications, and each card made (MADE movement) exactly once. */
  static void noDuplicateCard(JdbcTemplate jdbc) {
    assertThat(jdbc.queryForList("select card_number from application where card_number is not null"
        + " group by card_number having count(*) > 1", String.class)).as("a card on two applications").isEmpty();
    assertThat(jdbc.queryForList("select card_number from card_movement where kind = 'MADE'"
        + " group by card_number having count(*) > 1", String.class)).as("a card made twice").isEmpty();
    assertThat(jdbc.queryForList("select application_number from card_movement where kind = 'MADE'"
        + " and application_number is not null group by application_number having count(*) > 1", String.class))
        .as("two cards made for one application").isEmpty();
  }

  /** The application's card is the one the centre made for it (and the centre made only one). */
  static void sameCardAsTheCentre(JdbcTemplate jdbc, CardCentreSimulator simulator) {
    List<Map<String, Object>> rows = jdbc.queryForList(
        "select application_number, card_number from application where card_number is not null");
    for (Map<String, Object> row : rows) {
      String app = (String) row.get("APPLICATION_NUMBER");
      assertThat(simulator.cardOf(app)).as("centre's card of %s", app).isPresent();
      assertThat(simulator.cardOf(app).get().cardNumber()).isEqualTo(row.get("CARD_NUMBER"));
    }
  }

  /** Every application has a status, and none waits for a result without a submission instance to bring it. */
  static void noLostApplication(JdbcTemplate jdbc) {
    assertThat(jdbc.queryForObject("select count(*) from application where status is null", Integer.class)).isZero();
    assertThat(jdbc.queryForList("select a.application_number from application a where a.status = 'SUBMITTED'"
        + " and not exists (select 1 from ACT_RU_EXECUTION e where e.BUSINESS_KEY_ = a.submission_id)",
        String.class)).as("submitted applications no submission instance waits for").isEmpty();
  }

  static long unaccounted(CustodyLedger ledger) {
    return ledger.reconcile().unaccounted();
  }
}
