package cn.panyu.card.custody;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Records what the hook was told, for the tests. */
@Component
public class RecordingHandoverListener implements HandoverCompletedListener {

  public record Received(Handover handover, List<CardRef> cards) {}

  public final List<Received> received = new CopyOnWriteArrayList<>();

  @Override
  public void onReceived(Handover h, List<CardRef> receivedCards) {
    received.add(new Received(h, receivedCards));
  }

  public Received of(String handoverId) {
    return received.stream().filter(r -> r.handover().handoverId().equals(handoverId)).findFirst().orElse(null);
  }
}
