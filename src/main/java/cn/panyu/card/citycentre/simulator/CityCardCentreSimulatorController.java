package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.CardBatchReceipt;
import cn.panyu.card.citycentre.CardCentreModel.CardReport;
import cn.panyu.card.citycentre.CardCentreModel.CentreError;
import cn.panyu.card.citycentre.CardCentreModel.ResultsReport;
import cn.panyu.card.citycentre.CardCentreModel.ReturnedCards;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CardCentreModel.SubmissionReceipt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulated City Card Centre's exchange API (static/openapi/city-card-centre.yaml). */
@RestController
@ConditionalOnSimulator
@RequestMapping("/ccc/v1")
public class CityCardCentreSimulatorController {

  private static final String KEY = "Idempotency-Key";
  private final CardCentreSimulator centre;

  public CityCardCentreSimulatorController(CardCentreSimulator centre) {
    this.centre = centre;
  }

  @PostMapping("/application-batches")
  public ResponseEntity<SubmissionReceipt> submit(@RequestHeader(name = KEY, required = false) String key,
      @RequestBody ApplicationBatch batch) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(centre.submit(key, batch));
  }

  @GetMapping("/application-batches/{submissionId}")
  public ResultsReport results(@PathVariable String submissionId) {
    return centre.report(submissionId)
        .orElseThrow(() -> new SimulatorRefusal(404, "UNKNOWN_SUBMISSION", "没有这个提交编号"));
  }

  @PostMapping("/card-batches/{cardBatchNumber}/receipt")
  public Acknowledgement cardBatchReceipt(@RequestHeader(name = KEY, required = false) String key,
      @PathVariable String cardBatchNumber, @RequestBody CardBatchReceipt receipt) {
    return centre.receiveCardBatch(key,
        new CardBatchReceipt(cardBatchNumber, receipt.receivedCount(), receipt.remarks()));
  }

  @PostMapping("/sign-off-sheets")
  public Acknowledgement signOffSheet(@RequestHeader(name = KEY, required = false) String key,
      @RequestBody SignOffSheet sheet) {
    return centre.receiveSignOffSheet(key, sheet);
  }

  @PostMapping("/returned-cards")
  public Acknowledgement returnedCards(@RequestHeader(name = KEY, required = false) String key,
      @RequestBody ReturnedCards returned) {
    return centre.receiveReturnedCards(key, returned);
  }

  @PostMapping("/card-reports")
  public Acknowledgement cardReport(@RequestHeader(name = KEY, required = false) String key,
      @RequestBody CardReport report) {
    return centre.receiveCardReport(key, report);
  }

  // handled here, not by the application's advice: the simulator also runs on its own

  @ExceptionHandler(SimulatorRefusal.class)
  ResponseEntity<CentreError> refused(SimulatorRefusal e) {
    return ResponseEntity.status(e.status()).body(new CentreError(e.reason(), e.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<CentreError> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest().body(new CentreError("MALFORMED_REQUEST", "请求内容不是有效的 JSON"));
  }
}
