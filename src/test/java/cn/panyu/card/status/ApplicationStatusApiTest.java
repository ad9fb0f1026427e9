package cn.panyu.card.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.notification.Notifications;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /api/public/application-status over real HTTP, without credentials, on the whole application. */
@H2Test
class ApplicationStatusApiTest {

  private static final String API = "/api/public/application-status";

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired StatusRateLimiter limiter;
  @Autowired CustodyLedger ledger;
  @Autowired OrgUnitRepository units;
  @Autowired Notifications notifications;
  @Autowired StatusProperties properties;

  StatusTestData data;
  MutableClock clock;
  String villageName;

  @BeforeEach
  void setUp() {
    data = new StatusTestData(jdbc, units);
    clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
    limiter.setClock(clock);
    limiter.clear();
    villageName = units.findByCode(StatusTestData.VILLAGE).orElseThrow().name();
  }

  @AfterEach
  void restoreLimiter() {
    limiter.clear();
    limiter.setClock(Clock.systemUTC());
  }

  // ------------------------------------------------------------------------------------------- statuses

  @Test
  void registeredAndSubmittedInPlainWords() {
    JsonNode registered = lookUp(ApplicationStatus.REGISTERED, null, null);
    assertThat(registered.get("found").asBoolean()).isTrue();
    assertThat(registered.get("status").asText()).isEqualTo("REGISTERED");
    assertThat(registered.get("title").asText()).isEqualTo("已受理");
    assertThat(registered.get("description").asText()).contains(villageName);
    assertThat(registered.get("unitName").asText()).isEqualTo(villageName);

    JsonNode submitted = lookUp(ApplicationStatus.SUBMITTED, null, null);
    assertThat(submitted.get("title").asText()).isEqualTo("等待市社保卡管理中心审核");
    assertThat(submitted.has("advice")).isFalse();

    JsonNode rejected = lookUp(ApplicationStatus.REJECTED, null, null);
    assertThat(rejected.get("advice").asText()).contains(villageName);
  }

  @Test
  void ineligibleShowsTheReasonAndWhatToDo() {
    JsonNode photo = lookUp(ApplicationStatus.INELIGIBLE, "NO_POLICE_PHOTO", null);
    assertThat(photo.get("title").asText()).isEqualTo("暂不能制卡");
    assertThat(photo.get("reason").asText()).isEqualTo("NO_POLICE_PHOTO");
    assertThat(photo.get("reasonText").asText()).contains("公安照片");
    assertThat(photo.get("advice").asText()).contains("指定照相馆").contains("回执").contains(villageName);

    JsonNode quality = lookUp(ApplicationStatus.INELIGIBLE, "PHOTO_QUALITY", null);
    assertThat(quality.get("reasonText").asText()).contains("照片质量");
    assertThat(quality.get("advice").asText()).contains("重新拍照");

    JsonNode bankCard = lookUp(ApplicationStatus.INELIGIBLE, "HAS_FINANCIAL_CARD", null);
    assertThat(bankCard.get("advice").asText()).contains("无需重复申领");

    JsonNode age = lookUp(ApplicationStatus.INELIGIBLE, "AGE_LIMIT", null);
    assertThat(age.get("advice").asText()).contains("民政局");
  }

  @Test
  void cardOnItsWayTellsWhereItIs() {
    String card = "TSC" + System.nanoTime();
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    String number = data.insert(id, phone, ApplicationStatus.IN_TRANSIT, null, card, Instant.now());
    ledger.recordMade(card, number);

    JsonNode view = post(id, StatusTestData.last4(phone));
    assertThat(view.get("title").asText()).isEqualTo("社保卡配送中");
    assertThat(view.get("description").asText()).contains(villageName);
    assertThat(view.get("cardLocation").asText()).isEqualTo("目前在市社保卡管理中心");

    JsonNode made = lookUp(ApplicationStatus.CARD_MADE, null, null);
    assertThat(made.get("title").asText()).isEqualTo("社保卡已制成");
  }

  @Test
  void readyForCollectionSaysWhereAndUntilWhen() {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    Instant registered = Instant.parse("2013-11-15T02:00:00Z");
    Instant arrived = Instant.parse("2013-12-20T03:00:00Z"); // Friday, 11:00 in Beijing
    String number = data.insert(id, phone, ApplicationStatus.REGISTERED, null, "TSC" + System.nanoTime(), registered);
    data.event(number, ApplicationStatus.AT_ISSUING_UNIT, arrived);
    jdbc.update("update application set status = 'AT_ISSUING_UNIT' where application_number = ?", number);

    JsonNode view = post(id, StatusTestData.last4(phone));
    assertThat(view.get("status").asText()).isEqualTo("AT_ISSUING_UNIT");
    assertThat(view.get("title").asText()).isEqualTo("可以领卡了");
    assertThat(view.get("collection").get("place").asText()).isEqualTo(villageName);
    // the deadlines table: COLLECTION P60D after the card arrived, in working days: over 元旦 and 春节 2014
    // (31 January to 6 February off, Sunday 26 January and Saturday 8 February worked)
    LocalDate until = LocalDate.of(2014, 3, 20);
    assertThat(view.get("collection").get("until").asText()).isEqualTo(until.toString());
    assertThat(view.get("description").asText())
        .contains("请在" + until.getYear() + "年" + until.getMonthValue() + "月" + until.getDayOfMonth() + "日前领取");
    assertThat(view.get("advice").asText()).contains("身份证原件");
  }

  @Test
  void issuedActivatedRecoveredAndWithdrawn() {
    assertThat(lookUp(ApplicationStatus.ISSUED, null, null).get("advice").asText()).contains("激活");
    assertThat(lookUp(ApplicationStatus.ACTIVATED, null, null).get("title").asText()).isEqualTo("已激活");
    JsonNode recovered = lookUp(ApplicationStatus.RECOVERED, null, null);
    assertThat(recovered.get("title").asText()).isEqualTo("逾期未领，卡片已交回");
    assertThat(recovered.get("advice").asText()).contains("申请领回").contains(villageName);
    assertThat(lookUp(ApplicationStatus.WITHDRAWN, null, null).get("title").asText()).isEqualTo("申请已撤回");
  }

  @Test
  void theLatestApplicationOfAnIdNumberIsShown() {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.WITHDRAWN, null, null, Instant.parse("2026-03-01T00:00:00Z"));
    String newer = data.insert(id, phone, ApplicationStatus.SUBMITTED, null, null, Instant.parse("2026-06-01T00:00:00Z"));

    JsonNode view = post(id, StatusTestData.last4(phone));
    assertThat(view.get("applicationNumber").asText()).isEqualTo(newer);
    assertThat(view.get("status").asText()).isEqualTo("SUBMITTED");
  }

  // ------------------------------------------------------------------------------------ disclosure

  @Test
  void theAnswerCarriesNoPersonalData() {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.AT_ISSUING_UNIT, null, null, Instant.now());

    ResponseEntity<String> response = http.postForEntity(API, query(id, StatusTestData.last4(phone)), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"found\":true")
        .doesNotContain(StatusTestData.NAME).doesNotContain(id).doesNotContain(id.substring(6, 14))
        .doesNotContain(phone).doesNotContain("中国工商银行").doesNotContain("男");
    assertThat(response.getHeaders().getCacheControl()).contains("no-store");
  }

  @Test
  void anUnknownIdNumberAndAWrongPhoneGetTheSameAnswer() {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.ISSUED, null, null, Instant.now());
    String wrong = String.format("%04d", (Integer.parseInt(StatusTestData.last4(phone)) + 1) % 10_000);

    ResponseEntity<String> wrongPhone = http.postForEntity(API, query(id, wrong), String.class);
    ResponseEntity<String> unknownId = http.postForEntity(API, query(data.newIdNumber(), wrong), String.class);
    // an application whose phone was never given answers the same too
    String noPhoneId = data.newIdNumber();
    data.insert(noPhoneId, null, ApplicationStatus.ISSUED, null, null, Instant.now());
    ResponseEntity<String> noPhone = http.postForEntity(API, query(noPhoneId, "0000"), String.class);

    for (ResponseEntity<String> r : new ResponseEntity[] {unknownId, noPhone}) {
      assertThat(r.getStatusCode()).isEqualTo(wrongPhone.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).isEqualTo(wrongPhone.getBody());
      assertThat(headersWithoutDate(r)).isEqualTo(headersWithoutDate(wrongPhone));
    }
    assertThat(wrongPhone.getBody()).contains("\"found\":false").contains("未查询到匹配的申请");
    // and the right digits find it
    assertThat(post(id, StatusTestData.last4(phone)).get("found").asBoolean()).isTrue();
  }

  @Test
  void inputThatCannotBeAnIdNumberIsRefusedWithAChineseMessage() {
    String id = data.newIdNumber();
    String badCheck = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    ResponseEntity<JsonNode> r = http.postForEntity(API, query(badCheck, "1234"), JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody().get("reason").asText()).isEqualTo("ID_NUMBER");
    assertThat(r.getBody().get("message").asText()).contains("身份证号码");

    r = http.postForEntity(API, query(id, "12a4"), JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody().get("reason").asText()).isEqualTo("PHONE_LAST4");
  }

  // ---------------------------------------------------------------------------------- rate limits

  @Test
  void anIdNumberGetsFiveAttemptsAnHourFromOneClient() {
    assertThat(properties.rateLimit().perIdNumber()).isEqualTo(5);
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, ApplicationStatus.SUBMITTED, null, null, Instant.now());

    for (int i = 0; i < 5; i++) {
      assertThat(http.postForEntity(API, query(id, String.format("%04d", i)), String.class).getStatusCode())
          .isEqualTo(HttpStatus.OK);
    }
    // the sixth, even with the right digits, is refused
    ResponseEntity<JsonNode> refused = http.postForEntity(API, query(id, StatusTestData.last4(phone)), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.getBody().get("reason").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
    assertThat(refused.getBody().get("message").asText()).contains("查询次数过多").contains("分钟");
    assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(3500L, 3600L);
    assertThat(refused.getBody().toString()).doesNotContain("found");

    // past the client's one-minute window, the ID number stays limited, another one is answered
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(http.postForEntity(API, query(id, StatusTestData.last4(phone)), String.class).getStatusCode())
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(post(data.newIdNumber(), "0000").get("found").asBoolean()).isFalse();

    // an unknown ID number is limited in the same way (the limit does not tell which ones exist)
    String unknown = data.newIdNumber();
    for (int i = 0; i < 5; i++) {
      assertThat(http.postForEntity(API, query(unknown, "0000"), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    assertThat(http.postForEntity(API, query(unknown, "0000"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

    // an hour after the first attempts the ID number may be asked about again
    clock.advance(Duration.ofHours(1));
    assertThat(post(id, StatusTestData.last4(phone)).get("status").asText()).isEqualTo("SUBMITTED");
  }

  @Test
  void aClientGetsTenAttemptsAMinute() {
    assertThat(properties.rateLimit().perClient()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(http.postForEntity(API, query(data.newIdNumber(), "1234"), String.class).getStatusCode())
          .isEqualTo(HttpStatus.OK);
    }
    String fresh = data.newIdNumber();
    ResponseEntity<JsonNode> refused = http.postForEntity(API, query(fresh, "1234"), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.getBody().get("message").asText()).contains("查询次数过多").contains("秒");
    assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
    // malformed input counts against the client as well
    assertThat(http.postForEntity(API, query("123", "1"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

    clock.advance(Duration.ofSeconds(61));
    assertThat(http.postForEntity(API, query(fresh, "1234"), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  // ------------------------------------------------------------------------------------------ access

  @Test
  void thePageAndTheApiNeedNoLoginWhileStaffApisStillDo() {
    ResponseEntity<String> page = http.getForEntity("/status/", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    assertThat(page.getBody()).contains("社保卡办理进度查询").contains("status.js").doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(http.getForEntity("/status/index.html", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(http.getForEntity("/status/status.js", String.class).getBody()).contains("application-status");
    assertThat(http.getForEntity("/status/status.css", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> shortAddress = http.getForEntity("/status", String.class);
    assertThat(shortAddress.getStatusCode().is2xxSuccessful() || shortAddress.getStatusCode().is3xxRedirection())
        .isTrue();

    assertThat(http.getForEntity("/api/org-units", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.getForEntity("/api/applications/TS00000001", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  // ------------------------------------------------------------------------------------ notification

  @Test
  void theCardReadyNotificationGivesThePageAddress() {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    String number = data.insert(id, phone, ApplicationStatus.AT_ISSUING_UNIT, null, null, Instant.now());

    notifications.notifyApplicant(number, Notifications.CARD_READY);

    Map<String, Object> row = notifications.of(number).get(0);
    assertThat(row.get("KIND")).isEqualTo(Notifications.CARD_READY);
    assertThat((String) row.get("MESSAGE")).contains("社保卡已送达").contains(properties.pageUrl())
        .doesNotContain("{statusPage}");
    assertThat(properties.pageUrl()).isEqualTo("http://localhost:8080/status/");
  }

  // ----------------------------------------------------------------------------------------- helpers

  private JsonNode lookUp(ApplicationStatus status, String reason, String card) {
    String id = data.newIdNumber();
    String phone = StatusTestData.phone();
    data.insert(id, phone, status, reason, card, Instant.now());
    limiter.clear();
    return post(id, StatusTestData.last4(phone));
  }

  private JsonNode post(String idNumber, String phoneLast4) {
    ResponseEntity<JsonNode> response = http.postForEntity(API, query(idNumber, phoneLast4), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static Map<String, String> query(String idNumber, String phoneLast4) {
    return Map.of("idNumber", idNumber, "phoneLast4", phoneLast4);
  }

  private static Map<String, java.util.List<String>> headersWithoutDate(ResponseEntity<?> r) {
    // header names arrive in lower case ("date"): compare them as HTTP does, without regard to case
    Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(r.getHeaders());
    headers.remove(HttpHeaders.DATE);
    return headers;
  }
}
