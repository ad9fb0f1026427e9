package cn.panyu.card.collective;

import cn.panyu.card.collective.BatchIntake.IntakeRequest;
import cn.panyu.card.collective.BatchIntake.IntakeResult;
import cn.panyu.card.intake.ErrorReport;
import cn.panyu.card.intake.FileRefusedException;
import cn.panyu.card.intake.Reasons;
import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiError;
import cn.panyu.card.web.ApiExceptionHandler.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** An institution's batch file: {@code POST /api/collective-batches} and its error report. */
@RestController
public class CollectiveBatchController {

  /** A refused row as the API shows it; the message is in the error report. */
  public record RejectedRow(Integer row, String reason, String field, String message) {}

  public record BatchCreated(String batchNumber, String processInstanceId, int accepted, List<RejectedRow> rejected) {}

  private final BatchIntake intake;
  private final UnitAccess access;
  private final Clock clock;

  public CollectiveBatchController(BatchIntake intake, UnitAccess access, Clock clock) {
    this.intake = intake;
    this.access = access;
    this.clock = clock;
  }

  @PostMapping(path = "/api/collective-batches", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<BatchCreated> upload(@RequestPart("file") MultipartFile file,
      @RequestParam("institutionCode") String institutionCode,
      @RequestParam(name = "password", required = false) String password,
      @RequestPart(name = "photos", required = false) MultipartFile photos) throws IOException {
    access.requireWorkFor(institutionCode);
    if (file.isEmpty()) {
      throw new FileRefusedException(Reasons.FILE_EMPTY, "上传的文件是空的");
    }
    Path data = spool(file, "intake-file-");
    Path zip = photos == null || photos.isEmpty() ? null : spool(photos, "intake-photos-");
    try {
      IntakeResult result = intake.intake(new IntakeRequest(institutionCode, data, file.getOriginalFilename(),
          password, zip, access.currentUserId(), LocalDate.now(clock)));
      List<RejectedRow> rejected = result.rejected().stream()
          .map(e -> new RejectedRow(e.row(), e.reason(), e.field(), e.message())).toList();
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(new BatchCreated(result.batchNumber(), result.processInstanceId(), result.accepted(), rejected));
    } finally {
      Files.deleteIfExists(data);
      if (zip != null) {
        Files.deleteIfExists(zip);
      }
    }
  }

  /** The refused rows of a batch to correct and upload again: XLSX, or {@code ?format=csv}. */
  @GetMapping("/api/collective-batches/{batchNumber}/error-report")
  public ResponseEntity<byte[]> errorReport(@PathVariable String batchNumber,
      @RequestParam(name = "format", defaultValue = "xlsx") String format) {
    String institution = intake.institutionOf(batchNumber);
    if (institution == null || !access.maySee(institution)) {
      throw new NotFoundException("没有批次 " + batchNumber);
    }
    boolean csv = "csv".equalsIgnoreCase(format);
    byte[] body = intake.errorReport(batchNumber, csv);
    String fileName = batchNumber + "-退回明细." + (csv ? "csv" : "xlsx");
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, csv ? ErrorReport.CONTENT_TYPE_CSV : ErrorReport.CONTENT_TYPE_XLSX)
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
        .body(body);
  }

  @ExceptionHandler(FileRefusedException.class)
  ResponseEntity<ApiError> refused(FileRefusedException e) {
    return ResponseEntity.badRequest().body(new ApiError(e.reason(), e.getMessage()));
  }

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<ApiError> engineForbidden(AuthorizationException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new ApiError("FORBIDDEN", "无权启动集体申请流程"));
  }

  private static Path spool(MultipartFile part, String prefix) throws IOException {
    Path tmp = Files.createTempFile(prefix, ".upload");
    try (InputStream in = part.getInputStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    return tmp;
  }
}
