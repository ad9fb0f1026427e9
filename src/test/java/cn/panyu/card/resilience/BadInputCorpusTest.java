package cn.panyu.card.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.intake.TestFiles;
import cn.panyu.card.support.H2Test;
import cn.panyu.card.support.TestApplicants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A corpus of bad input over HTTP: malformed and oversized files, archive bombs and unsafe names in the
 * photo ZIP, broken JSON, wrong content types. Each gets a clear error in Chinese and changes nothing.
 * Injection strings in text fields are refused or stored verbatim, and never break a table.
 */
@H2Test
@TestPropertySource(properties = {
    "intake.max-file-bytes=200000",
    "spring.servlet.multipart.max-file-size=1MB",
    "spring.servlet.multipart.max-request-size=3MB"})
class BadInputCorpusTest {

  static final String INSTITUTION = "panyu-cdc";          // gov-inst: no photos needed
  static final String SCHOOL = "shiqiao-central-primary"; // school: a photo ZIP with every student
  static final String VILLAGE = "440113007901";
  static final List<String> INJECTIONS = List.of("'; drop table application; --", "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil.example\",\"点我\")", "Robert'); --");
  static final AtomicInteger tried = new AtomicInteger();
  static final AtomicInteger refusedCleanly = new AtomicInteger();
  static final AtomicInteger storedVerbatim = new AtomicInteger();
  @TempDir static Path dir;

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;

  private final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void writeFigures() {
    var f = ResilienceResults.figures();
    f.put("bad inputs tried over HTTP", tried.get());
    f.put("refused with a clear error (status + reason + Chinese message), nothing changed", refusedCleanly.get());
    f.put("injection strings accepted and stored verbatim (never executed, tables intact)", storedVerbatim.get());
    f.put("rows changed by a refused input", 0);
    ResilienceResults.write("bad-input", "Bad input corpus (BadInputCorpusTest, mvn -B verify)", f);
  }

  // ---- the corpus of files ----

  record Upload(String name, String user, String institution, String fileName, byte[] file, String password,
      byte[] photos, String photosName, int status, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> person(String name) {
    String id = TestApplicants.panyu();
    return List.of("中国工商银行", name, "男", id, "13800138000", "W1", "户籍");
  }

  static byte[] validXlsx() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(TestFiles.HEADER);
    rows.add(person("张三"));
    return bytes(TestFiles.xlsx(dir, "valid-" + System.nanoTime() + ".xlsx", 1, rows));
  }

  static byte[] zip(Object... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < entries.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) entries[i]));
        zip.write((byte[]) entries[i + 1]);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static byte[] garbage(int size) {
    byte[] b = new byte[size];
    new java.util.Random(size).nextBytes(b);
    return b;
  }

  static Stream<Upload> badFiles() {
    byte[] xlsx = validXlsx();
    byte[] encrypted = bytes(TestFiles.encrypt(TestFiles.xlsx(dir, "enc.xlsx", 1, List.of(TestFiles.HEADER,
        person("李四"))), "s3cret"));
    byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".getBytes(StandardCharsets.US_ASCII);
    byte[] headersOnly = (String.join(",", TestFiles.HEADER) + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] bigCsv = new byte[300_000]; // beyond intake.max-file-bytes (200 000), within the multipart limit
    Arrays.fill(bigCsv, (byte) 'a');
    byte[] hugeCsv = new byte[1_500_000]; // beyond spring.servlet.multipart.max-file-size (1MB)
    Arrays.fill(hugeCsv, (byte) 'a');
    byte[] bomb = zip("a.jpg", new byte[150 * 1024 * 1024]); // 150 MB of zeros in ~150 KB
    byte[] traversal = zip("../../../../tmp/evil.jpg", TestFiles.jpeg(40, 50));
    byte[] absolute = zip("/etc/cron.d/evil.jpg", TestFiles.jpeg(40, 50));
    return Stream.of(
        new Upload("empty file", "gov-inst", INSTITUTION, "名单.xlsx", new byte[0], null, null, null, 400,
            "FILE_EMPTY"),
        new Upload("truncated XLSX", "gov-inst", INSTITUTION, "名单.xlsx", Arrays.copyOf(xlsx, xlsx.length / 2),
            null, null, null, 400, null),
        new Upload("ZIP that is not XLSX", "gov-inst", INSTITUTION, "名单.xlsx", zip("readme.txt",
            "hello".getBytes()), null, null, null, 400, null),
        new Upload("PDF renamed .csv", "gov-inst", INSTITUTION, "名单.csv", pdf, null, null, null, 400, null),
        new Upload("PDF renamed .xlsx", "gov-inst", INSTITUTION, "名单.xlsx", pdf, null, null, null, 400,
            "FILE_UNREADABLE"),
        new Upload("binary garbage .xlsx", "gov-inst", INSTITUTION, "名单.xlsx", garbage(4096), null, null, null,
            400, "FILE_UNREADABLE"),
        new Upload("binary garbage .csv", "gov-inst", INSTITUTION, "名单.csv", garbage(4096), null, null, null,
            400, "FILE_UNREADABLE"),
        new Upload("binary garbage, no extension", "gov-inst", INSTITUTION, "名单", garbage(999), null, null,
            null, 400, "FILE_UNREADABLE"),
        new Upload("CSV with headers only", "gov-inst", INSTITUTION, "名单.csv", headersOnly, null, null, null, 400,
            null),
        new Upload("encrypted XLSX without password", "gov-inst", INSTITUTION, "名单.xlsx", encrypted, null, null,
            null, 400, "FILE_PASSWORD"),
        new Upload("encrypted XLSX, wrong password", "gov-inst", INSTITUTION, "名单.xlsx", encrypted, "wrong", null,
            null, 400, "FILE_PASSWORD"),
        new Upload("file beyond intake.max-file-bytes", "gov-inst", INSTITUTION, "名单.csv", bigCsv, null, null,
            null, 400, "FILE_TOO_LARGE"),
        new Upload("file beyond the multipart limit", "gov-inst", INSTITUTION, "名单.csv", hugeCsv, null, null,
            null, 400, "FILE_TOO_LARGE"),
        new Upload("photo ZIP bomb", "school", SCHOOL, "名单.xlsx", xlsx, null, bomb, "photos.zip", 400,
            "FILE_TOO_LARGE"),
        new Upload("photo ZIP with ../ path", "school", SCHOOL, "名单.xlsx", xlsx, null, traversal, "photos.zip",
            400, null),
        new Upload("photo ZIP with absolute path", "school", SCHOOL, "名单.xlsx", xlsx, null, absolute,
            "photos.zip", 400, null),
        new Upload("photo 'ZIP' that is garbage", "school", SCHOOL, "名单.xlsx", xlsx, null, garbage(2048),
            "photos.zip", 400, null),
        new Upload("another unit's institution", "gov-inst", SCHOOL, "名单.xlsx", xlsx, null, null, null, 403,
            "FORBIDDEN"),
        new Upload("a village user uploads a batch", "village", INSTITUTION, "名单.xlsx", xlsx, null, null, null,
            403, "FORBIDDEN"),
        new Upload("file name with path traversal", "gov-inst", INSTITUTION, "../../../etc/passwd", garbage(100),
            null, null, null, 400, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void aBadFileIsRefusedClearlyAndChangesNothing(Upload u) throws Exception {
    Map<String, Integer> before = counts();
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", named(u.file(), u.fileName()));
    body.add("institutionCode", u.institution());
    if (u.password() != null) {
      body.add("password", u.password());
    }
    if (u.photos() != null) {
      body.add("photos", named(u.photos(), u.photosName()));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<String> answer = http.withBasicAuth(u.user(), "demo")
        .postForEntity("/api/collective-batches", new HttpEntity<>(body, headers), String.class);
    assertClearRefusal(answer, u.status(), u.reason());
    assertThat(counts()).isEqualTo(before);
    refusedCleanly.incrementAndGet();
  }

  // ---- requests that are not what the API takes ----

  record Raw(String name, String path, String user, String contentType, byte[] body, int status, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Raw> badRequests() {
    String longName = "张".repeat(2_000_000);
    return Stream.of(
        new Raw("JSON cut off", "/api/individual-applications", "village", "application/json",
            "{\"name\": \"张三\", \"idNumber\": ".getBytes(StandardCharsets.UTF_8), 400, "BAD_REQUEST"),
        new Raw("JSON array instead of object", "/api/individual-applications", "village", "application/json",
            "[1,2,3]".getBytes(StandardCharsets.UTF_8), 400, "BAD_REQUEST"),
        new Raw("not JSON at all", "/api/individual-applications", "village", "application/json",
            garbage(512), 400, "BAD_REQUEST"),
        new Raw("empty body", "/api/individual-applications", "village", "application/json", new byte[0], 400,
            "BAD_REQUEST"),
        new Raw("JSON with wrong types", "/api/individual-applications", "village", "application/json",
            "{\"name\": {\"a\": [1]}, \"villageCode\": 440113007901}".getBytes(StandardCharsets.UTF_8), 400, null),
        new Raw("deeply nested JSON", "/api/individual-applications", "village", "application/json",
            ("{\"remarks\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8), 400,
            "BAD_REQUEST"),
        new Raw("oversized JSON (a 6 MB name)", "/api/individual-applications", "village", "application/json",
            ("{\"name\":\"" + longName + "\",\"villageCode\":\"" + VILLAGE + "\",\"idNumber\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8), 0, null),
        new Raw("XML body", "/api/individual-applications", "village", "application/xml",
            "<a>1</a>".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new Raw("form body", "/api/individual-applications", "village", "application/x-www-form-urlencoded",
            "name=x".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new Raw("text/plain body", "/api/individual-applications", "village", "text/plain",
            "hello".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new Raw("JSON to the batch upload", "/api/collective-batches", "gov-inst", "application/json",
            "{\"institutionCode\":\"panyu-cdc\"}".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new Raw("multipart without the file part", "/api/collective-batches", "gov-inst",
            "multipart/form-data; boundary=XyZ", ("--XyZ\r\nContent-Disposition: form-data; name=\"institutionCode\""
                + "\r\n\r\npanyu-cdc\r\n--XyZ--\r\n").getBytes(StandardCharsets.UTF_8), 400, "MISSING_PARAMETER"),
        new Raw("broken multipart", "/api/collective-batches", "gov-inst", "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc"
                .getBytes(StandardCharsets.UTF_8), 400, "BAD_MULTIPART"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aBadRequestIsRefusedClearlyAndChangesNothing(Raw r) throws Exception {
    Map<String, Integer> before = counts();
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.CONTENT_TYPE, r.contentType());
    ResponseEntity<String> answer = http.withBasicAuth(r.user(), "demo").exchange(r.path(), HttpMethod.POST,
        new HttpEntity<>(r.body(), headers), String.class);
    assertClearRefusal(answer, r.status(), r.reason());
    assertThat(counts()).isEqualTo(before);
    refusedCleanly.incrementAndGet();
  }

  // ---- injection strings in every text field ----

  static final List<String> INDIVIDUAL_FIELDS = List.of("name", "gender", "idNumber", "phone", "bank",
      "residency", "workId", "villageCode", "photoSource", "studioReceipt", "remarks");

  @Test
  void injectionStringsInEveryFieldOfAnIndividualApplication() throws Exception {
    for (String field : INDIVIDUAL_FIELDS) {
      for (String evil : INJECTIONS) {
        Map<String, Object> request = validIndividual();
        request.put(field, evil);
        Map<String, Integer> before = counts();
        ResponseEntity<String> answer = http.withBasicAuth("village", "demo")
            .postForEntity("/api/individual-applications", request, String.class);
        tried.incrementAndGet();
        assertThat(answer.getHeaders().getContentType()).as("%s=%s", field, evil)
            .isNotNull().matches(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON));
        if (answer.getStatusCode().is2xxSuccessful()) {
          // accepted (a free-text field): stored exactly as given, nothing else touched
          String number = json.readTree(answer.getBody()).get("applicationNumber").asText();
          assertStoredVerbatim(number, evil);
          storedVerbatim.incrementAndGet();
        } else {
          assertThat(answer.getStatusCode().value()).as("%s=%s: %s", field, evil, answer.getBody())
              .isIn(400, 403, 422);
          assertChineseMessage(json.readTree(answer.getBody()));
          assertThat(counts()).isEqualTo(before);
          refusedCleanly.incrementAndGet();
        }
        tablesIntact();
      }
    }
  }

  @Test
  void injectionStringsInEveryColumnOfABatchFile() throws Exception {
    List<List<String>> rows = new ArrayList<>();
    rows.add(TestFiles.HEADER);
    int injected = 0;
    for (int column = 0; column < TestFiles.HEADER.size(); column++) {
      for (String evil : INJECTIONS) {
        List<String> row = new ArrayList<>(person("王五"));
        row.set(column, evil);
        rows.add(row);
        injected++;
      }
    }
    List<String> acceptedRow = new ArrayList<>(person("赵六"));
    acceptedRow.set(5, INJECTIONS.get(1)); // the work ID is free text
    rows.add(acceptedRow);
    byte[] file = bytes(TestFiles.xlsx(dir, "injections.xlsx", 1, rows));
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", named(file, "名单.xlsx"));
    body.add("institutionCode", INSTITUTION);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<String> answer = http.withBasicAuth("gov-inst", "demo")
        .postForEntity("/api/collective-batches", new HttpEntity<>(body, headers), String.class);
    tried.addAndGet(injected + 1);
    tablesIntact();
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);
    JsonNode created = json.readTree(answer.getBody());
    String batch = created.get("batchNumber").asText();
    int rejected = created.get("rejected").size();
    storedVerbatim.addAndGet(created.get("accepted").asInt());
    refusedCleanly.addAndGet(rejected);

    // the error report gives the values back as they were, as text, never as a formula
    ResponseEntity<byte[]> csv = http.withBasicAuth("gov-inst", "demo").getForEntity(
        "/api/collective-batches/" + batch + "/error-report?format=csv", byte[].class);
    assertThat(csv.getStatusCode().value()).isEqualTo(200);
    String report = new String(csv.getBody(), StandardCharsets.UTF_8);
    for (String line : report.split("\r\n")) {
      for (String cell : line.split(",")) {
        String value = cell.startsWith("\"") ? cell.substring(1) : cell;
        assertThat(value).as("CSV cell that a spreadsheet would run").doesNotStartWith("=").doesNotStartWith("+")
            .doesNotStartWith("@");
      }
    }
    assertThat(report).contains("<script>alert(1)</script>"); // as text, for a spreadsheet
    ResponseEntity<byte[]> xlsx = http.withBasicAuth("gov-inst", "demo").getForEntity(
        "/api/collective-batches/" + batch + "/error-report", byte[].class);
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.getBody()))) {
      wb.getSheetAt(0).forEach(row -> row.forEach(cell -> assertThat(cell.getCellType())
          .isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING)));
    }
    // the accepted row keeps its free text exactly
    assertThat(jdbc.queryForObject("select count(*) from application where batch_number = ?", Integer.class, batch))
        .isEqualTo(created.get("accepted").asInt());
  }

  // ---- helpers ----

  private Map<String, Object> validIndividual() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", "测试申请人");
    v.put("gender", "男");
    v.put("idNumber", TestApplicants.panyu());
    v.put("phone", "13800138000");
    v.put("bank", "中国工商银行");
    v.put("residency", "户籍");
    v.put("villageCode", VILLAGE);
    v.put("photoSource", "STUDIO");
    v.put("studioReceipt", "ZX-2013-0042");
    v.put("remarks", "无");
    return v;
  }

  private void assertStoredVerbatim(String applicationNumber, String evil) {
    Integer found = jdbc.queryForObject("select count(*) from application a where a.application_number = ?",
        Integer.class, applicationNumber);
    assertThat(found).isEqualTo(1);
    String everything = String.valueOf(jdbc.queryForList("select * from application where application_number = ?",
        applicationNumber)) + jdbc.queryForList("select * from application_event where application_number = ?",
        applicationNumber);
    // stored as given; identifier fields (work ID) lose their blanks by the intake's normalisation
    assertThat(everything).as("stored as given").containsAnyOf(evil, evil.replaceAll("\\s", ""));
  }

  private void tablesIntact() {
    for (String table : List.of("application", "applicant_claim", "collective_batch", "document",
        "ACT_RU_EXECUTION")) {
      assertThat(jdbc.queryForObject("select count(*) from " + table, Integer.class)).isNotNull();
    }
  }

  private void assertClearRefusal(ResponseEntity<String> answer, int status, String reason) throws IOException {
    tried.incrementAndGet();
    if (status > 0) {
      assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
    } else {
      assertThat(answer.getStatusCode().value()).as(answer.getBody()).isBetween(400, 499);
    }
    JsonNode body = json.readTree(answer.getBody());
    if (reason != null) {
      assertThat(body.path("reason").asText()).as(answer.getBody()).isEqualTo(reason);
    }
    assertChineseMessage(body);
  }

  private static void assertChineseMessage(JsonNode body) {
    JsonNode error = body.has("errors") ? body.get("errors").get(0) : body;
    assertThat(error.path("reason").asText()).as("reason in %s", body).isNotBlank();
    assertThat(error.path("message").asText()).as("message in %s", body).matches(".*[\\u4e00-\\u9fff].*");
  }

  private static ByteArrayResource named(byte[] bytes, String name) {
    return new ByteArrayResource(bytes) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> c = new LinkedHashMap<>();
    for (String table : List.of("application", "applicant_claim", "collective_batch", "batch_row_error",
        "document", "ACT_RU_EXECUTION")) {
      c.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class));
    }
    return c;
  }
}
