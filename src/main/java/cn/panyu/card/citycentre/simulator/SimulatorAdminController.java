package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.CentreError;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator.Card;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator.Received;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's own controls (not part of the centre's API): fault switches, triggering a bank
 * activation, what it received, and a reset. Unauthenticated like the rest of the simulator.
 */
@RestController
@ConditionalOnSimulator
@RequestMapping("/ccc/v1/_simulator")
public class SimulatorAdminController {

  private final CardCentreSimulator centre;
  private final SimulatorFaults faults;

  public SimulatorAdminController(CardCentreSimulator centre, SimulatorFaults faults) {
    this.centre = centre;
    this.faults = faults;
  }

  @GetMapping("/faults")
  public FaultSettings faults() {
    return faults.current();
  }

  /** Replaces all fault switches; a field left out means that fault is off. */
  @PutMapping("/faults")
  public FaultSettings setFaults(@RequestBody FaultSettings settings) {
    faults.set(settings);
    return faults.current();
  }

  @DeleteMapping("/faults")
  public FaultSettings clearFaults() {
    faults.reset();
    return faults.current();
  }

  /** The holder activated the card at the bank: the centre calls the application back now. */
  @PostMapping("/cards/{cardNumber}/activation")
  public Map<String, List<Integer>> activate(@PathVariable String cardNumber,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime activatedAt) {
    return Map.of("callbackStatuses", centre.activate(cardNumber, activatedAt));
  }

  @GetMapping("/applications/{applicationNumber}/card")
  public Card card(@PathVariable String applicationNumber) {
    return centre.cardOf(applicationNumber)
        .orElseThrow(() -> new SimulatorRefusal(404, "NO_CARD", "该申请没有已制的卡"));
  }

  @GetMapping("/received")
  public Received received() {
    return centre.received();
  }

  /** Forgets all submissions, cards and received items, and clears the faults. */
  @PostMapping("/reset")
  public ResponseEntity<Void> reset() {
    centre.reset();
    faults.reset();
    return ResponseEntity.noContent().build();
  }

  @ExceptionHandler(SimulatorRefusal.class)
  ResponseEntity<CentreError> refused(SimulatorRefusal e) {
    return ResponseEntity.status(e.status()).body(new CentreError(e.reason(), e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<CentreError> invalid(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(new CentreError("MALFORMED_REQUEST", e.getMessage()));
  }
}
