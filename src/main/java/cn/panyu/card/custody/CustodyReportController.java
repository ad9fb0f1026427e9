package cn.panyu.card.custody;

import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/reports/custody: where every card made is now; for the card office and the leaders. */
@RestController
public class CustodyReportController {

  private final CustodyLedger ledger;
  private final UnitAccess access;

  public CustodyReportController(CustodyLedger ledger, UnitAccess access) {
    this.ledger = ledger;
    this.access = access;
  }

  @GetMapping("/api/reports/custody")
  public CustodyReconciliation custody() {
    if (!access.readsAll()) {
      throw new AccessDeniedException("只有区卡办和领导小组可以查看卡片保管台账");
    }
    return ledger.reconcile();
  }
}
