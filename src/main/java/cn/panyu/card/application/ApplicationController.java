package cn.panyu.card.application;

import cn.panyu.card.application.RegistrationService.RegistrationRefused;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
import cn.panyu.card.web.ApiExceptionHandler.NotFoundException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/individual-applications} and {@code GET /api/applications/{applicationNumber}}. */
@RestController
public class ApplicationController {

  /**
   * {@code enterpriseEmployee} and {@code holdsGuangzhouIdCard} are optional (clients from before these questions
   * leave them out): absent means not an enterprise employee and not asked about the ID card.
   */
  public record IndividualApplicationRequest(String name, String gender, String idNumber, String phone, String bank,
      String residency, String workId, String villageCode, String photoSource, String photo, String studioReceipt,
      String remarks, Boolean enterpriseEmployee, Boolean holdsGuangzhouIdCard) {}

  public record Created(String applicationNumber, String processInstanceId) {}

  public record FieldError(String field, String reason, String message) {}

  public record Refused(List<FieldError> errors) {}

  private final RegistrationService registrations;
  private final ApplicationRepository applications;
  private final CustodyLedger ledger;
  private final RuntimeService runtime;
  private final UnitAccess access;

  public ApplicationController(RegistrationService registrations, ApplicationRepository applications,
      CustodyLedger ledger, RuntimeService runtime, UnitAccess access) {
    this.registrations = registrations;
    this.applications = applications;
    this.ledger = ledger;
    this.runtime = runtime;
    this.access = access;
  }

  @PostMapping("/api/individual-applications")
  @Transactional
  public ResponseEntity<Created> register(@RequestBody IndividualApplicationRequest body) {
    if (body.villageCode() == null || !access.mayWorkFor(body.villageCode())) {
      throw new AccessDeniedException("无权为村（居）委 " + body.villageCode() + " 登记申请");
    }
    byte[] photo = decodePhoto(body.photo());
    var registration = new IndividualRegistration(new ApplicantData(body.name(), body.gender(), body.idNumber(),
        body.phone(), body.bank(), body.residency(), body.workId(), yesOrNo(body.enterpriseEmployee())),
        body.photoSource(), body.studioReceipt(), body.remarks(), body.villageCode(), body.holdsGuangzhouIdCard());
    String user = access.currentUserId();
    String number = registrations.register(registration, photo, true, user);
    var instance = runtime.startProcessInstanceByKey("individual-issuance", number, Variables
        .putValue("applicationNumber", number).putValue("villageCode", body.villageCode())
        .putValue("channel", "API").putValue("registeredBy", user).putValue("applicantName", body.name()));
    applications.setProcessInstance(number, instance.getId());
    return ResponseEntity.status(HttpStatus.CREATED).body(new Created(number, instance.getId()));
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

  @ExceptionHandler(RegistrationRefused.class)
  ResponseEntity<Refused> refused(RegistrationRefused e) {
    return ResponseEntity.unprocessableEntity().body(new Refused(e.errors().stream()
        .map(r -> new FieldError(r.field(), r.reason(), r.message())).toList()));
  }

  private static String yesOrNo(Boolean answer) {
    return answer == null ? null : answer ? ApplicantData.YES : ApplicantData.NO;
  }

  private static byte[] decodePhoto(String base64) {
    if (base64 == null || base64.isBlank()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64.replaceFirst("^data:image/[a-z]+;base64,", ""));
    } catch (IllegalArgumentException e) {
      throw new RegistrationRefused(List.of(new cn.panyu.card.intake.RowError(null, "photo", "PHOTO_INVALID",
          "照片不是有效的 Base64 编码")));
    }
  }
}
