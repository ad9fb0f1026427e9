package cn.panyu.card.citycentre;

import cn.panyu.card.citycentre.CardCentreModel.ActivationNotice;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.CardCentreModel.CentreError;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The City Card Centre's callbacks into this application. Outside the Basic authentication (see
 * ApiAuthenticationFilter); the centre proves itself with the shared {@code X-Callback-Token}
 * ({@code card-centre.callback-token}). Every result goes to the {@link CardResultHandler}.
 */
@RestController
@RequestMapping("/api/card-centre/callbacks")
public class CardCentreCallbackController {

  private static final Logger log = LoggerFactory.getLogger(CardCentreCallbackController.class);

  private final CityCentreProperties properties;
  private final ObjectProvider<CardResultHandler> handler;

  public CardCentreCallbackController(CityCentreProperties properties, ObjectProvider<CardResultHandler> handler) {
    this.properties = properties;
    this.handler = handler;
  }

  @PostMapping("/results")
  public ResponseEntity<?> results(@RequestHeader(name = "X-Callback-Token", required = false) String token,
      @RequestBody ResultsReport report) {
    if (!tokenValid(token)) {
      return unauthorized();
    }
    if (report.submissionId() == null || report.results() == null) {
      return ResponseEntity.badRequest().body(new CentreError("MALFORMED_CALLBACK", "回调缺少 submissionId 或 results"));
    }
    CardResultHandler target = handler.getIfAvailable();
    if (target == null) {
      // nothing can take the results yet: the centre keeps them, polling fetches them later
      log.warn("No CardResultHandler: results of submission {} not taken", report.submissionId());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(new CentreError("NO_HANDLER", "应用暂时无法处理制卡结果"));
    }
    for (CardResult result : report.results()) {
      target.onCardResult(report.submissionId(), result);
    }
    log.info("Took {} card results of submission {} by callback", report.results().size(), report.submissionId());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/activations")
  public ResponseEntity<?> activation(@RequestHeader(name = "X-Callback-Token", required = false) String token,
      @RequestBody ActivationNotice notice) {
    if (!tokenValid(token)) {
      return unauthorized();
    }
    if (notice.cardNumber() == null) {
      return ResponseEntity.badRequest().body(new CentreError("MALFORMED_CALLBACK", "回调缺少 cardNumber"));
    }
    CardResultHandler target = handler.getIfAvailable();
    if (target == null) {
      log.warn("No CardResultHandler: activation of card {} not taken", notice.cardNumber());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(new CentreError("NO_HANDLER", "应用暂时无法处理激活通知"));
    }
    target.onActivation(notice);
    log.info("Card {} activated at {}", notice.cardNumber(), notice.activatedAt());
    return ResponseEntity.noContent().build();
  }

  private boolean tokenValid(String token) {
    String expected = properties.callbackToken();
    return token != null && expected != null && MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<CentreError> unauthorized() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(new CentreError("UNAUTHORIZED", "回调令牌无效"));
  }
}
