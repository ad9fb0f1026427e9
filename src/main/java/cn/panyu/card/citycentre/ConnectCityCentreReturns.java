package cn.panyu.card.citycentre;

import cn.panyu.card.collective.CollectiveBatches;
import cn.panyu.card.custody.CityCentreReturns;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Recovered cards handed back to the City Card Centre, over the Connect client. The client's idempotency
 * key is derived from the request body, so the retried job of the same handover repeats the same call.
 */
@Component
public class ConnectCityCentreReturns implements CityCentreReturns {

  private final CityCentreClient client;
  private final CollectiveBatches batches;

  public ConnectCityCentreReturns(CityCentreClient client, CollectiveBatches batches) {
    this.client = client;
    this.batches = batches;
  }

  @Override
  public void returnCards(String handoverId, List<String> cardNumbers) {
    client.returnCards(cardNumbers, "逾期未领卡片回收（" + handoverId + "）");
  }

  /**
   * One sheet per institution batch among the cards (a box normally holds one batch's sheets): its
   * institution, its card batch, the number of signatures and the stamped scan. The client's key is
   * derived from the body, so a retried job sends the same sheet once.
   */
  @Override
  public void returnSignOffSheets(String handoverId, List<String> cardNumbers) {
    batches.signOffSheets(cardNumbers).forEach(client::sendSignOffSheet);
  }
}
