package cn.panyu.card.application;

import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/applications/{applicationNumber}}: where an application stands, for its unit and supervisors. */
@RestController
public class ApplicationController {

  private final ApplicationRepository applications;
  private final CustodyLedger ledger;
  private final UnitAccess access;

  public ApplicationController(ApplicationRepository applications, CustodyLedger ledger, UnitAccess access) {
    this.applications = applications;
    this.ledger = ledger;
    this.access = access;
  }

  @GetMapping("/api/applications/{applicationNumber}")
  public Map<String, Object> get(@PathVariable String applicationNumber) {
    Application app = applications.find(applicationNumber)
        .filter(a -> access.maySee(a.unitCode()))
        .orElseThrow(() -> new NotFoundException("申请 " + applicationNumber + " 不存在"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("applicationNumber", app.applicationNumber());
    view.put("status", app.status());
    view.put("mode", app.mode());
    view.put("unitCode", app.unitCode());
    view.put("batchNumber", app.batchNumber());
    view.put("ineligibleReason", app.ineligibleReason());
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("number", app.cardNumber());
    card.put("location", app.cardNumber() == null ? null : ledger.currentLocation(app.cardNumber()));
    view.put("card", card);
    view.put("history", applications.history(applicationNumber));
    return view;
  }
}
