package cn.panyu.card.intake;

import static cn.panyu.card.intake.IntakeTestSupport.CLERK;
import static cn.panyu.card.intake.IntakeTestSupport.INSTITUTION;
import static cn.panyu.card.intake.IntakeTestSupport.OTHER_CLERK;
import static cn.panyu.card.intake.IntakeTestSupport.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.application.ApplicantClaims;
import cn.panyu.card.collective.BatchIntake;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** POST /api/collective-batches over HTTP on the whole application (H2). */
@H2Test
class CollectiveBatchApiTest {

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired RuntimeService runtime;
  @Autowired IntakeProperties limits;
  @Autowired BatchIntake intake;
  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final long defaultMaxBytes = new IntakeProperties().getMaxFileBytes();
  private static int people = 100;

  @BeforeEach
  void setUp() {
    IntakeTestSupport.setUp(units, identity, authorizations);
  }

  @AfterEach
  void restoreLimits() {
    limits.setMaxFileBytes(defaultMaxBytes);
  }

  /** A fresh valid person for each call, so that tests never collide through ALREADY_APPLIED. */
  private static List<String> person(String bank, String workId) {
    int n = people++;
    String birth = String.format("1985%02d%02d", 1 + n % 12, 1 + n % 28);
    String id = TestIds.id(birth, 100 + n % 800);
    String gender = IdNumber.gender(id);
    return new ArrayList<>(List.of(bank, "测试" + n, gender, id, "1380013" + String.format("%04d", n), workId, "户籍"));
  }

  private ResponseEntity<String> upload(String user, Path file, String password, Path photos) {
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new FileSystemResource(file));
    body.add("institutionCode", INSTITUTION);
    if (password != null) {
      body.add("password", password);
    }
    if (photos != null) {
      body.add("photos", new FileSystemResource(photos));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.withBasicAuth(user, PASSWORD)
        .postForEntity("/api/collective-batches", new HttpEntity<>(body, headers), String.class);
  }

  private int count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Integer.class, args);
  }

  private Map<String, Integer> tableCounts() {
    return Map.of(
        "application", count("select count(*) from application"),
        "claim", count("select count(*) from applicant_claim"),
        "event", count("select count(*) from application_event"),
        "batch", count("select count(*) from collective_batch"),
        "error", count("select count(*) from batch_row_error"),
        "document", count("select count(*) from document"),
        "process", (int) runtime.createProcessInstanceQuery().count());
  }

  @Test
  void xlsxInAnyColumnOrderWithBadRowsAndDuplicates() throws Exception {
    List<String> a = person("工商银行", "W1");
    List<String> b = person("中国建设银行", "W2");
    List<String> c = person("招商银行", "W3");
    // full-width digits and spaces in an otherwise good row
    List<String> d = person("交通银行", "W4");
    String fullWidth = d.get(3).chars().mapToObj(ch -> String.valueOf((char) (ch + 0xFEE0))).reduce("", String::concat);
    d.set(3, "  " + fullWidth + " ");
    List<String> badPhone = person("工商银行", "W5");
    badPhone.set(4, "12345");
    List<String> duplicateOfA = new ArrayList<>(a);
    duplicateOfA.set(5, "W6");
    // columns in another order, with extra columns; the header on row 3 after a title and a blank row
    List<String> header = List.of("序号", "身份证号", "姓名", "性别", "备注", "联系电话", "工作证号", "银行");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("2013年社保卡集体申请名单"));
    rows.add(null);
    rows.add(header);
    int i = 1;
    for (List<String> p : List.of(a, b, c, d, badPhone, duplicateOfA)) {
      rows.add(List.of(String.valueOf(i++), p.get(3), p.get(1), p.get(2), "", p.get(4), p.get(5), p.get(0)));
    }
    rows.add(List.of());
    rows.add(List.of());
    Path file = TestFiles.xlsx(dir, "名单.xlsx", 1, rows);
    // the title row is the first non-empty row: a file like that is refused for its header
    ResponseEntity<String> titled = upload(CLERK, file, null, null);
    assertThat(titled.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(titled.getBody()).get("reason").asText()).isEqualTo("FILE_HEADER");

    rows.set(0, null);
    file = TestFiles.xlsx(dir, "名单2.xlsx", 1, rows);
    ResponseEntity<String> response = upload(CLERK, file, null, null);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = json.readTree(response.getBody());
    String batch = body.get("batchNumber").asText();
    assertThat(body.get("accepted").asInt()).isEqualTo(4);
    assertThat(body.get("rejected")).hasSize(2);
    assertThat(body.get("rejected").get(0).get("row").asInt()).isEqualTo(8);
    assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("PHONE_FORMAT");
    assertThat(body.get("rejected").get(0).get("field").asText()).isEqualTo("phone");
    assertThat(body.get("rejected").get(1).get("row").asInt()).isEqualTo(9);
    assertThat(body.get("rejected").get(1).get("reason").asText()).isEqualTo("DUPLICATE_IN_BATCH");

    assertThat(count("select count(*) from application where batch_number = ? and mode = 'COLLECTIVE'"
        + " and status = 'REGISTERED' and unit_code = ?", batch, INSTITUTION)).isEqualTo(4);
    assertThat(jdbc.queryForList("select row_number from application where batch_number = ? order by row_number",
        Integer.class, batch)).containsExactly(4, 5, 6, 7);
    assertThat(jdbc.queryForObject("select id_number from application where batch_number = ? and row_number = 7",
        String.class, batch)).isEqualTo(TextNormaliser.code(fullWidthToHalf(d.get(3))));
    assertThat(jdbc.queryForObject("select bank from application where batch_number = ? and row_number = 4",
        String.class, batch)).isEqualTo("中国工商银行");
    assertThat(count("select count(*) from application_event e join application a"
        + " on a.application_number = e.application_number where a.batch_number = ?", batch)).isEqualTo(4);
    assertThat(count("select count(*) from applicant_claim c join application a"
        + " on a.application_number = c.application_number where a.batch_number = ?", batch)).isEqualTo(4);
    assertThat(jdbc.queryForMap("select accepted, rejected, id_column, process_instance_id from collective_batch"
        + " where batch_number = ?", batch)).containsEntry("ACCEPTED", 4).containsEntry("REJECTED", 2)
        .containsEntry("ID_COLUMN", "工作证号").containsEntry("PROCESS_INSTANCE_ID", body.get("processInstanceId").asText());
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(batch).singleResult();
    assertThat(pi.getId()).isEqualTo(body.get("processInstanceId").asText());
    assertThat(runtime.getVariables(pi.getId())).containsEntry("batchNumber", batch)
        .containsEntry("institutionCode", INSTITUTION).containsEntry("accepted", 4).containsEntry("rejected", 2);
    assertThat(jdbc.queryForList("select application_number from application where batch_number = ?", String.class,
        batch)).allSatisfy(n -> assertThat(n).startsWith(batch + "-").doesNotContain(a.get(3)));

    // the error report: the institution corrects it and sends it back into the same batch
    ResponseEntity<byte[]> report = http.withBasicAuth(CLERK, PASSWORD)
        .getForEntity("/api/collective-batches/" + batch + "/error-report", byte[].class);
    assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
    Path corrected = dir.resolve("corrected.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(report.getBody()))) {
      Sheet sheet = wb.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(2);
      Row first = sheet.getRow(1);
      assertThat(first.getCell(0).getStringCellValue()).isEqualTo("8");
      assertThat(first.getCell(1).getStringCellValue()).contains("联系电话");
      assertThat(first.getCell(2).getStringCellValue()).isEqualTo("PHONE_FORMAT");
      assertThat(first.getCell(6).getStringCellValue()).isEqualTo(badPhone.get(3));
      first.removeCell(first.getCell(7)); // (POI does not overwrite an inline string in place)
      first.createCell(7).setCellValue("13900139000");
      sheet.removeRow(sheet.getRow(2)); // the duplicate is withdrawn
      try (var out = Files.newOutputStream(corrected)) {
        wb.write(out);
      }
    }
    BatchIntake.IntakeResult again = intake.reintake(batch, new BatchIntake.IntakeRequest(
        INSTITUTION, corrected, "corrected.xlsx", null, null, CLERK, LocalDate.now()));
    assertThat(again.accepted()).isEqualTo(1);
    assertThat(again.rejected()).isEmpty();
    assertThat(again.processInstanceId()).isEqualTo(pi.getId());
    assertThat(count("select count(*) from application where batch_number = ?", batch)).isEqualTo(5);
    assertThat(count("select accepted from collective_batch where batch_number = ?", batch)).isEqualTo(5);
    assertThat(count("select count(*) from batch_row_error where batch_number = ?", batch)).isZero();

    String csv = new String(http.withBasicAuth(CLERK, PASSWORD)
        .getForEntity("/api/collective-batches/" + batch + "/error-report?format=csv", byte[].class).getBody(),
        StandardCharsets.UTF_8);
    assertThat(csv).startsWith("\uFEFF原行号,退回原因,原因代码,银行");
  }

  private static String fullWidthToHalf(String s) {
    return TextNormaliser.text(s);
  }

  @Test
  void gbkCsvAndAlreadyAppliedAcrossBatches() throws Exception {
    List<String> p = person("工商银行", "W7");
    Path first = TestFiles.csv(dir, "a.csv", Charset.forName("GBK"), false, List.of(TestFiles.HEADER, p));
    assertThat(upload(CLERK, first, null, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    List<String> q = person("工商银行", "W8");
    Path second = TestFiles.csv(dir, "b.csv", StandardCharsets.UTF_8, true, List.of(TestFiles.HEADER, q, p));
    ResponseEntity<String> response = upload(CLERK, second, null, null);
    JsonNode body = json.readTree(response.getBody());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("row").asInt()).isEqualTo(3);
    assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("ALREADY_APPLIED");
    assertThat(count("select count(*) from batch_row_error where batch_number = ? and reason = 'ALREADY_APPLIED'",
        body.get("batchNumber").asText())).isEqualTo(1);
  }

  @Test
  void enterpriseEmployeesInTheOptionalColumnAreRefusedTheOthersAccepted() throws Exception {
    List<String> header = new ArrayList<>(TestFiles.HEADER);
    header.add("是否企业职工");
    List<String> employee = person("工商银行", "E1");
    employee.set(6, "非户籍参保");
    employee.add("是");
    List<String> notEmployee = person("工商银行", "E2");
    notEmployee.set(6, "非户籍参保");
    notEmployee.add("否");
    List<String> resident = person("工商银行", "E3");
    resident.add("是"); // a registered resident is served whoever employs him
    List<String> unanswered = person("工商银行", "E4");
    unanswered.set(6, "非户籍参保");
    unanswered.add("");
    Path file = TestFiles.csv(dir, "企业.csv", StandardCharsets.UTF_8, true,
        List.of(header, employee, notEmployee, resident, unanswered));
    ResponseEntity<String> response = upload(CLERK, file, null, null);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = json.readTree(response.getBody());
    assertThat(body.get("accepted").asInt()).isEqualTo(3);
    assertThat(body.get("rejected")).hasSize(1);
    JsonNode refused = body.get("rejected").get(0);
    assertThat(refused.get("row").asInt()).isEqualTo(2);
    assertThat(refused.get("reason").asText()).isEqualTo("ENTERPRISE_EMPLOYEE");
    assertThat(refused.get("field").asText()).isEqualTo("enterpriseEmployee");
    assertThat(refused.get("message").asText()).contains("企业职工");
    // the error report keeps the column, so that the corrected file says it again
    String csv = new String(http.withBasicAuth(CLERK, PASSWORD).getForEntity("/api/collective-batches/"
        + body.get("batchNumber").asText() + "/error-report?format=csv", byte[].class).getBody(), StandardCharsets.UTF_8);
    assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",户籍类别,是否企业职工");
    assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains("ENTERPRISE_EMPLOYEE").endsWith(",非户籍参保,是");
  }

  @Test
  void individualClaimsShareTheBatchesClaims(@Autowired ApplicantClaims claims) {
    List<String> p = person("工商银行", "W10");
    Path file = TestFiles.csv(dir, "c.csv", StandardCharsets.UTF_8, false, List.of(TestFiles.HEADER, p));
    assertThat(upload(CLERK, file, null, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(claims.claim(p.get(3), "IA-TEST-1")).isFalse();
    List<String> q = person("工商银行", "W11");
    assertThat(claims.claim(q.get(3), "IA-TEST-2")).isTrue();
    assertThat(claims.claim(q.get(3), "IA-TEST-3")).isFalse();
    claims.release("IA-TEST-3"); // holds nothing: gives nothing free
    assertThat(claims.claim(q.get(3), "IA-TEST-3")).isFalse();
    claims.release("IA-TEST-2");
    assertThat(claims.claim(q.get(3), "IA-TEST-3")).isTrue();
  }

  @Test
  void encryptedWorkbookNeedsTheRightPassword() throws Exception {
    Path plain = TestFiles.xlsx(dir, "p.xlsx", 1, List.of(TestFiles.HEADER, person("工商银行", "W9")));
    Path encrypted = TestFiles.encrypt(plain, "pw2013");
    Map<String, Integer> before = tableCounts();
    for (String password : new String[] {null, "nope"}) {
      ResponseEntity<String> refused = upload(CLERK, encrypted, password, null);
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      JsonNode error = json.readTree(refused.getBody());
      assertThat(error.get("reason").asText()).isEqualTo("FILE_PASSWORD");
      assertThat(error.get("message").asText()).contains("密码");
    }
    assertThat(tableCounts()).isEqualTo(before);
    assertThat(upload(CLERK, encrypted, "pw2013", null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void filesRefusedWholeLeaveNothingBehind() throws Exception {
    Map<String, Integer> before = tableCounts();
    Path noHeader = TestFiles.csv(dir, "h.csv", StandardCharsets.UTF_8, false,
        List.of(List.of("银行", "姓名", "电话"), person("工商银行", "W")));
    assertRefused(noHeader, "FILE_HEADER");
    Path headerOnly = TestFiles.csv(dir, "e.csv", StandardCharsets.UTF_8, false, List.of(TestFiles.HEADER));
    assertRefused(headerOnly, "FILE_EMPTY");
    Path blank = TestFiles.csv(dir, "b.csv", StandardCharsets.UTF_8, false, List.of(List.of(""), List.of(",,")));
    assertRefused(blank, "FILE_EMPTY");
    Path garbage = dir.resolve("g.xlsx");
    Files.write(garbage, new byte[] {'P', 'K', 3, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    assertRefused(garbage, "FILE_UNREADABLE");
    // a broken quote far down the file: the rows before it were stored, and are rolled back
    List<List<String>> rows = new ArrayList<>();
    rows.add(TestFiles.HEADER);
    for (int i = 0; i < 30; i++) {
      rows.add(person("工商银行", "W" + i));
    }
    rows.add(List.of("\"工商银行", "坏行"));
    limits.setChunkSize(5);
    try {
      assertRefused(TestFiles.csv(dir, "q.csv", StandardCharsets.UTF_8, false, rows), "FILE_UNREADABLE");
    } finally {
      limits.setChunkSize(new IntakeProperties().getChunkSize());
    }
    limits.setMaxFileBytes(10);
    assertRefused(TestFiles.csv(dir, "big.csv", StandardCharsets.UTF_8, false,
        List.of(TestFiles.HEADER, person("工商银行", "W"))), "FILE_TOO_LARGE");
    assertThat(tableCounts()).isEqualTo(before);
  }

  private void assertRefused(Path file, String reason) throws Exception {
    ResponseEntity<String> response = upload(CLERK, file, null, null);
    assertThat(response.getStatusCode()).as(reason).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode error = json.readTree(response.getBody());
    assertThat(error.get("reason").asText()).isEqualTo(reason);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  @Test
  void schoolsNeedAPhotoOfEveryStudent() throws Exception {
    List<String> withPhoto = person("工商银行", "S001");
    List<String> byStudentNumber = person("工商银行", "S002");
    List<String> withoutPhoto = person("工商银行", "S003");
    List<String> smallPhoto = person("工商银行", "S004");
    List<String> header = new ArrayList<>(TestFiles.HEADER);
    header.set(5, "学籍号");
    Path file = TestFiles.xlsx(dir, "school.xlsx", 1,
        List.of(header, withPhoto, byStudentNumber, withoutPhoto, smallPhoto));
    Path photos = TestFiles.zip(dir, "photos.zip",
        withPhoto.get(3) + ".jpg", TestFiles.jpeg(400, 500),
        "S002.jpeg", TestFiles.jpeg(360, 450),
        smallPhoto.get(3) + ".jpg", TestFiles.jpeg(120, 160));
    JsonNode body = json.readTree(upload(CLERK, file, null, photos).getBody());
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected")).hasSize(2);
    assertThat(body.get("rejected").get(0).get("row").asInt()).isEqualTo(4);
    assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("PHOTO_MISSING");
    assertThat(body.get("rejected").get(1).get("reason").asText()).isEqualTo("PHOTO_INVALID");
    String batch = body.get("batchNumber").asText();
    assertThat(count("select count(*) from application a join document d on d.id = a.photo_document_id"
        + " where a.batch_number = ? and a.photo_source = 'UPLOAD' and d.kind = 'PHOTO'", batch)).isEqualTo(2);
    assertThat(jdbc.queryForObject("select id_column from collective_batch where batch_number = ?", String.class,
        batch)).isEqualTo("学籍号");

    Path evil = TestFiles.zip(dir, "evil.zip", "../" + withPhoto.get(3) + ".jpg", TestFiles.jpeg(400, 500));
    ResponseEntity<String> refused = upload(CLERK, file, null, evil);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void onlyTheInstitutionsOwnStaffMayUpload() {
    Path file = TestFiles.csv(dir, "x.csv", StandardCharsets.UTF_8, false,
        List.of(TestFiles.HEADER, person("工商银行", "W")));
    assertThat(upload(OTHER_CLERK, file, null, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.postForEntity("/api/collective-batches", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @SuppressWarnings("unused")
  private static List<String> list(String... v) {
    return Arrays.asList(v);
  }

  @SuppressWarnings("unused")
  private static ByteArrayResource named(byte[] bytes, String name) {
    return new ByteArrayResource(bytes) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }
}
