package cn.panyu.card.citycentre;

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

  public ConnectCityCentreReturns(CityCentreClient client) {
    this.client = client;
  }

  @Override
  public void returnCards(String handoverId, List<String> cardNumbers) {
    client.returnCards(cardNumbers, "逾期未领卡片回收（" + handoverId + "）");
  }
}
