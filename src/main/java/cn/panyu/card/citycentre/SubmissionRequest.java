package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.ApplicationData;
import cn.panyu.card.citycentre.CardCentreModel.Mode;
import java.util.List;

/**
 * What a delegate submits: one submission (its id is the Idempotency-Key, so a retry of the same
 * submission never makes a second card) for one unit — a town for individual applications, an
 * institution for collective ones (the centre makes one card batch per institution). The client adds
 * the callback URLs.
 */
public record SubmissionRequest(String submissionId, Mode mode, String unitCode, List<ApplicationData> applications) {

  @Override
  public String toString() {
    return "SubmissionRequest[" + submissionId + ", " + mode + ", " + unitCode + ", "
        + (applications == null ? 0 : applications.size()) + " applications]";
  }
}
