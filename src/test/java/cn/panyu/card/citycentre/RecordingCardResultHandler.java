package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Primary;

/**
 * Test double of the processes' handler: records every call, in order, duplicates included. Only the
 * tests that {@code @Import} it have it (deliberately no {@code @Component}: the application's scan
 * reaches the test classes too), and there it is primary over the real implementation.
 */
@Primary
public class RecordingCardResultHandler implements CardResultHandler {

  public record Delivered(String submissionId, CardResult result) {}

  private final List<Delivered> results = new CopyOnWriteArrayList<>();
  private final List<ActivationNotice> activations = new CopyOnWriteArrayList<>();

  @Override
  public void onCardResult(String submissionId, CardResult result) {
    results.add(new Delivered(submissionId, result));
  }

  @Override
  public void onActivation(ActivationNotice notice) {
    activations.add(notice);
  }

  public List<CardResult> resultsOf(String submissionId) {
    return results.stream().filter(d -> d.submissionId().equals(submissionId)).map(Delivered::result).toList();
  }

  public List<ActivationNotice> activationsOf(String cardNumber) {
    return activations.stream().filter(a -> a.cardNumber().equals(cardNumber)).toList();
  }
}
