package cn.panyu.card.reports;

import cn.panyu.card.application.Documents;
import cn.panyu.card.reports.process.BulletinMessages;
import cn.panyu.card.web.ApiExceptionHandler.NotFoundException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Published progress bulletins (GET /api/reports/bulletins, …/{id}/xlsx, …/{id}/chart.png) and a bulletin on
 * demand (POST /api/reports/bulletins: starts progress-bulletin through its message start event). Drafts are
 * readable by id too, so that the reviewer can look at the chart before publishing.
 */
@RestController
public class BulletinController {

  private final Bulletins bulletins;
  private final ReportAccess access;
  private final BulletinMessages messages;

  public BulletinController(Bulletins bulletins, ReportAccess access, BulletinMessages messages) {
    this.bulletins = bulletins;
    this.access = access;
    this.messages = messages;
  }

  @GetMapping("/api/reports/bulletins")
  public List<Bulletin> list() {
    access.requireAll();
    return bulletins.published();
  }

  @GetMapping("/api/reports/bulletins/{id}")
  public Bulletin one(@PathVariable long id) {
    access.requireAll();
    return find(id);
  }

  @PostMapping("/api/reports/bulletins")
  public ResponseEntity<Map<String, String>> request() {
    access.requireAll();
    String instanceId = messages.requested(access.userId());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("processInstanceId", instanceId));
  }

  @GetMapping("/api/reports/bulletins/{id}/xlsx")
  public ResponseEntity<byte[]> xlsx(@PathVariable long id) {
    access.requireAll();
    Documents.Document doc = document(find(id).xlsxDocumentId());
    return ReportsController.file(doc.content(), ReportsController.XLSX, doc.fileName());
  }

  @GetMapping("/api/reports/bulletins/{id}/chart.png")
  public ResponseEntity<byte[]> chart(@PathVariable long id) {
    access.requireAll();
    Documents.Document doc = document(find(id).chartDocumentId());
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(doc.content());
  }

  private Bulletin find(long id) {
    return bulletins.find(id).orElseThrow(() -> new NotFoundException("没有编号为 " + id + " 的进度通报"));
  }

  private Documents.Document document(long documentId) {
    return bulletins.document(documentId).orElseThrow(() -> new NotFoundException("通报文件缺失"));
  }
}
