package cn.panyu.card.individual;

import cn.panyu.card.application.IndividualRegistration;
import cn.panyu.card.application.RegistrationService.RegistrationRefused;
import cn.panyu.card.intake.ApplicantData;
import cn.panyu.card.intake.RowError;
import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/individual-applications}: a village registers an applicant over the API. */
@RestController
public class IndividualApplicationController {

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

  private final IndividualRegistrations registrations;
  private final UnitAccess access;

  public IndividualApplicationController(IndividualRegistrations registrations, UnitAccess access) {
    this.registrations = registrations;
    this.access = access;
  }

  @PostMapping("/api/individual-applications")
  public ResponseEntity<Created> register(@RequestBody IndividualApplicationRequest body) {
    if (body.villageCode() == null || !access.mayWorkFor(body.villageCode())) {
      throw new AccessDeniedException("无权为村（居）委 " + body.villageCode() + " 登记申请");
    }
    var registration = new IndividualRegistration(new ApplicantData(body.name(), body.gender(), body.idNumber(),
        body.phone(), body.bank(), body.residency(), body.workId(), yesOrNo(body.enterpriseEmployee())),
        body.photoSource(), body.studioReceipt(), body.remarks(), body.villageCode(), body.holdsGuangzhouIdCard());
    var registered = registrations.registerAndStart(registration, decodePhoto(body.photo()), access.currentUserId());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Created(registered.applicationNumber(), registered.processInstanceId()));
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
      throw new RegistrationRefused(List.of(new RowError(null, "photo", "PHOTO_INVALID", "照片不是有效的 Base64 编码")));
    }
  }
}
