package cn.panyu.card.custody;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The default {@link CityCentreReturns} of the tests (the application wires the real Connect client):
 * records the calls and can be told to fail, so that the tests see retries and incidents.
 */
@Component
@Primary
public class TestCityCentreReturns implements CityCentreReturns {

  public final List<String> calls = new CopyOnWriteArrayList<>();
  public volatile boolean failing;
  /** When set (tests of whole issuance paths), the calls go on to it, e.g. the real Connect client. */
  public volatile CityCentreReturns forwardTo;

  @Override
  public void returnCards(String handoverId, List<String> cardNumbers) {
    failIfTold();
    calls.add(handoverId + ":" + cardNumbers.size());
    if (forwardTo != null) {
      forwardTo.returnCards(handoverId, cardNumbers);
    }
  }

  @Override
  public void returnSignOffSheets(String handoverId, List<String> cardNumbers) {
    failIfTold();
    calls.add(handoverId + ":sheets:" + cardNumbers.size());
    if (forwardTo != null) {
      forwardTo.returnSignOffSheets(handoverId, cardNumbers);
    }
  }

  private void failIfTold() {
    if (failing) {
      throw new IllegalStateException("市社保卡管理中心暂时无法访问（测试）");
    }
  }
}
