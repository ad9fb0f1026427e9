package cn.panyu.card.delivery;

import cn.panyu.card.application.Documents;
import cn.panyu.card.citycentre.CardCentreModel.SignOffSheet;
import cn.panyu.card.citycentre.CityCentreClient;
import cn.panyu.card.custody.CityCentreReturns;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Boxes handed back to the City Card Centre, over the Connect client: recovered cards, and the stamped sign-off
 * sheets a shipment carries (one scan, the institution and batch it came from). The client's idempotency key is
 * derived from the request body, so the retried job of the same box repeats the same call.
 */
@Component
public class ReturnsToCityCentre implements CityCentreReturns {

  private final CityCentreClient client;
  private final Shipments shipments;
  private final Documents documents;

  public ReturnsToCityCentre(CityCentreClient client, Shipments shipments, Documents documents) {
    this.client = client;
    this.shipments = shipments;
    this.documents = documents;
  }

  @Override
  public void returnCards(String handoverId, List<String> cardNumbers) {
    client.returnCards(cardNumbers, "逾期未领或卡面有误的卡片交回（" + handoverId + "）");
  }

  @Override
  public void returnSignOffSheets(String handoverId, List<String> cardNumbers) {
    Shipments.Shipment s = shipments.get(shipments.ofHandover(handoverId));
    byte[] scan = s.documentId() == null ? null
        : documents.find(s.documentId()).map(Documents.Document::content).orElse(null);
    client.sendSignOffSheet(new SignOffSheet(s.unitCode(), s.businessKey(), cardNumbers.size(), scan));
  }
}
