package cn.panyu.card.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.support.PostgresTest;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The replacement on a real PostgreSQL server: its migration, the new card's application copied from the
 * holder's record, the fee and payment, the centre's callback, the box to the window and the collection.
 */
@PostgresTest
class CardReplacementPostgresTest extends ReplacementTestSupport {

  @Autowired CustodyLedger ledger;

  @Test
  void aLostCardIsReplacedAtTheWindow() {
    String pi = startReplacement(holderWithIssuedCard(), "LOST", false);
    String app = var(pi, "applicationNumber");
    completeAsOpened(pi, "Task_CollectFee");
    runAsyncJobs();
    awaitCardResult(pi);
    deliverAll();
    assertThat(ledger.currentLocation(var(pi, "cardNumber"))).isEqualTo("TOWN:" + TOWN);
    completeAsOpened(pi, "Task_HandOverNewCard");
    assertThat(status(app)).isEqualTo("ISSUED");
    assertThat((BigDecimal) replacementRow(pi).get("fee")).isEqualByComparingTo("20");
    assertThat(replacementRow(pi).get("first_card")).isEqualTo(false);
    assertThat(ledger.reconcile().unaccounted()).isZero();
  }
}
