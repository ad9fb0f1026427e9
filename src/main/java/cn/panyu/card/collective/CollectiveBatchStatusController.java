package cn.panyu.card.collective;

import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/collective-batches/{batchNumber}}: where a batch stands, with its counts and its rows'
 * application numbers (each one readable at GET /api/applications/{applicationNumber}). The institution,
 * its department, the card office and the leaders may read it; anyone else gets 404.
 */
@RestController
public class CollectiveBatchStatusController {

  private final CollectiveBatches batches;
  private final UnitAccess access;

  public CollectiveBatchStatusController(CollectiveBatches batches, UnitAccess access) {
    this.batches = batches;
    this.access = access;
  }

  @GetMapping("/api/collective-batches/{batchNumber}")
  public CollectiveBatches.Summary batch(@PathVariable String batchNumber) {
    String institution = batches.institutionOf(batchNumber);
    if (institution == null || !access.maySee(institution)) {
      throw new NotFoundException("没有批次 " + batchNumber);
    }
    return batches.summary(batchNumber);
  }
}
