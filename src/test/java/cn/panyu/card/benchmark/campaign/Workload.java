package cn.panyu.card.benchmark.campaign;

import cn.panyu.card.benchmark.campaign.District.Person;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The district at work, continuously: villages register individual applications (half through the application's
 * API, half through Tasklist's start form and the scan upload), institutions upload batch files of 300 rows (half
 * through the API, half through the start form with the file as a File variable), towns start their submissions in
 * Tasklist, holders activate 70 % of the issued cards at their bank (the City Card Centre simulator calls the
 * activation back), and the staff's answers on every form ({@link Tasklist.Answer}).
 *
 * <p>A closed loop per mode: as many applications (or batches) are kept under way as the targets say, a new one
 * starts when one comes to rest. An individual application comes to rest when it is activated, withdrawn or
 * recovered, or issued without activation (its instance then waits for the activation as in a real campaign); a
 * collective row when it is issued, withdrawn or recovered, a batch when its instance ends.
 */
public final class Workload implements Tasklist.Answer, AutoCloseable {

  /** Per hundred issued individual cards, how many holders activate theirs during the run. */
  public static final int ACTIVATED_PERCENT = 70;
  /** A town submits when it has this many registered applications ({@code -Dcampaign.submission-size}). */
  public static final int SUBMISSION_SIZE = Integer.getInteger("campaign.submission-size", 40);
  /** ... or when its oldest registered application has waited this many seconds. */
  public static final int SUBMISSION_WAIT = Integer.getInteger("campaign.submission-wait", 180);
  static final int BATCH_ROWS = 300;
  /**
   * At least this many seconds between two batch uploads ({@code -Dcampaign.batch-spacing}): batches uploaded
   * together come to rest together, and a window then sees a burst or a lull instead of the steady state (the
   * collective window of 2026-12-07 14:27: every row in its first half).
   */
  public static final int BATCH_SPACING = Integer.getInteger("campaign.batch-spacing", 20);
  private static final byte[] PDF = "%PDF-1.4 benchmark scan".getBytes(StandardCharsets.US_ASCII);

  private final Rest rest;
  private final Tasklist tasklist;
  private final Oracle oracle;
  private final District district;
  private final Rest simulator;
  private final byte[] jpeg = cn.panyu.card.citycentre.TestApplicants.jpeg(358, 441);

  public volatile int individualTarget;
  public volatile int collectiveTarget;
  private volatile boolean running = true;

  public final AtomicLong individualStarted = new AtomicLong();
  public final AtomicLong individualDone = new AtomicLong();
  public final AtomicLong batchesStarted = new AtomicLong();
  public final AtomicLong batchesDone = new AtomicLong();
  public final AtomicLong rowsStarted = new AtomicLong();
  public final AtomicLong rowsDone = new AtomicLong();
  public final AtomicLong intakeRefusals = new AtomicLong();
  public final AtomicLong activations = new AtomicLong();
  public final AtomicLong townSubmissions = new AtomicLong();
  public final AtomicLong viaTasklist = new AtomicLong();
  public final AtomicLong viaApi = new AtomicLong();
  public final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

  private final AtomicInteger nextVillage = new AtomicInteger();
  private final AtomicInteger nextInstitution = new AtomicInteger();
  private final AtomicInteger nextRegistration = new AtomicInteger();
  private final AtomicLong lastBatchUpload = new AtomicLong();
  private final Map<String, Person> typos = new ConcurrentHashMap<>();
  private final Map<String, byte[]> corrections = new ConcurrentHashMap<>();
  private final Map<String, byte[]> photos = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<String> toActivate = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService clients;
  private volatile Timestamp mark;

  public Workload(Rest rest, Tasklist tasklist, Oracle oracle, District district, Rest simulator, int clients) {
    this.rest = rest;
    this.tasklist = tasklist;
    this.oracle = oracle;
    this.district = district;
    this.simulator = simulator;
    this.mark = Timestamp.from(Instant.now().minusSeconds(10));
    this.clients = Executors.newFixedThreadPool(clients, r -> daemon(r, "client"));
    for (int i = 0; i < clients; i++) {
      this.clients.submit(this::arrive);
    }
    threads.add(daemon(this::track, "tracker"));
    threads.add(daemon(this::activate, "bank"));
    threads.add(daemon(this::submitTowns, "town-clerks"));
    threads.forEach(Thread::start);
  }

  public long individualInFlight() {
    return individualStarted.get() - individualDone.get();
  }

  public long batchesInFlight() {
    return batchesStarted.get() - batchesDone.get();
  }

  public long rowsInFlight() {
    return rowsStarted.get() - rowsDone.get();
  }

  // ------------------------------------------------------------------------------------------ arrivals

  private void arrive() {
    boolean tasklistTurn = false;
    while (running) {
      try {
        if (individualInFlight() < individualTarget) {
          registerIndividual(tasklistTurn);
          tasklistTurn = !tasklistTurn;
        } else if (batchesInFlight() < collectiveTarget && batchTurn()) {
          uploadBatch(tasklistTurn);
          tasklistTurn = !tasklistTurn;
        } else {
          Robots.pause(200);
        }
      } catch (RuntimeException e) {
        fail("arrival: " + e.getMessage());
        Robots.pause(1000);
      }
    }
  }

  /** Whether this client uploads the next batch: the spacing since the last upload is over, and no other took it. */
  private boolean batchTurn() {
    long last = lastBatchUpload.get();
    long now = System.currentTimeMillis();
    return now - last >= BATCH_SPACING * 1000L && lastBatchUpload.compareAndSet(last, now);
  }

  private void registerIndividual(boolean viaStartForm) {
    int n = nextRegistration.getAndIncrement();
    Person p = district.person(n % 50 == 7);
    boolean typo = n % 33 == 5;
    String village = district.villages.get(nextVillage.getAndIncrement() % district.villages.size());
    String clerk = District.clerkOf(village);
    if (viaStartForm) {
      String idNumber = typo ? District.typo(p.idNumber()) : p.idNumber();
      if (typo) {
        typos.put(idNumber, p);
      }
      tasklist.start(clerk, "individual-issuance", (key, task, shown) -> {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", p.name());
        f.put("gender", p.gender());
        f.put("idNumber", idNumber);
        f.put("phone", p.phone());
        f.put("bank", p.bank());
        return f;
      });
      viaTasklist.incrementAndGet();
    } else {
      Map<String, Object> body = new LinkedHashMap<>(Map.of("name", p.name(), "gender", p.gender(), "idNumber",
          p.idNumber(), "phone", typo ? "1380013" : p.phone(), "bank", p.bank(), "residency", "户籍",
          "villageCode", village, "photoSource", "POLICE"));
      if (typo) {
        // the clerk reads the refusal, fixes the phone number and sends it again
        try {
          rest.post(clerk, "/api/individual-applications", body);
          fail("a wrong phone number was accepted");
        } catch (Rest.Failed refused) {
          if (refused.status != 422) {
            throw refused;
          }
          intakeRefusals.incrementAndGet();
        }
        body.put("phone", p.phone());
      }
      rest.post(clerk, "/api/individual-applications", body);
      viaApi.incrementAndGet();
    }
    individualStarted.incrementAndGet();
  }

  /** A batch file of 300 rows: 1 % refused (a wrong phone, corrected later), 2 % outside Guangzhou (photos later). */
  private void uploadBatch(boolean viaStartForm) {
    String inst = district.institutions.get(nextInstitution.getAndIncrement() % district.institutions.size());
    String clerk = District.clerkOf(inst);
    List<Person> outsiders = new ArrayList<>();
    StringBuilder file = new StringBuilder(header());
    StringBuilder corrected = new StringBuilder(header());
    for (int i = 0; i < BATCH_ROWS; i++) {
      boolean outsider = i % 50 == 17;
      Person p = district.person(outsider);
      if (outsider) {
        outsiders.add(p);
      }
      boolean refused = i % 100 == 42;
      file.append(row(p, refused ? "12345" : p.phone()));
      if (refused) {
        corrected.append(row(p, p.phone()));
      }
    }
    Rest.FilePart csv = new Rest.FilePart("名单.csv", "text/csv", file.toString().getBytes(StandardCharsets.UTF_8));
    String instance;
    if (viaStartForm) {
      instance = tasklist.start(clerk, "collective-issuance", (key, task, shown) -> Map.of("batchFile", csv))
          .path("id").asText();
      viaTasklist.incrementAndGet();
    } else {
      JsonNode r = rest.multipart(clerk, "/api/collective-batches", Map.of("file", csv, "institutionCode", inst));
      instance = r.path("processInstanceId").asText();
      intakeRefusals.addAndGet(r.path("rejected").size());
      viaApi.incrementAndGet();
    }
    corrections.put(instance, corrected.toString().getBytes(StandardCharsets.UTF_8));
    photos.put(instance, zip(outsiders));
    batchesStarted.incrementAndGet();
    rowsStarted.addAndGet(BATCH_ROWS);
  }

  private static String header() {
    return "银行,姓名,性别,身份证号,联系电话,工作证号,户籍类别\n";
  }

  private static String row(Person p, String phone) {
    return String.join(",", p.bank(), p.name(), p.gender(), p.idNumber(), phone, p.workId(), "户籍") + "\n";
  }

  private byte[] zip(List<Person> people) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Person p : people) {
        zip.putNextEntry(new ZipEntry(p.idNumber() + ".jpg"));
        zip.write(jpeg);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  // ------------------------------------------------------------------------------------------ the staff's answers

  @Override
  public Map<String, Object> fill(String taskKey, JsonNode task, Map<String, Object> shown) {
    String instance = task == null ? null : task.path("processInstanceId").asText();
    switch (taskKey) {
      case "Task_UploadScan":
        return Map.of("registrationScan", new Rest.FilePart("登记表.pdf", "application/pdf", PDF));
      case "Task_CorrectRegistration": {
        Person p = typos.remove(String.valueOf(shown.get("idNumber")));
        return p == null ? Map.of() : Map.of("idNumber", p.idNumber(), "correctionAction", "CORRECT");
      }
      case "Task_InformApplicant":
        // no police photo: the applicant has one taken at a studio; anything else can only be withdrawn
        return "CORRECT".equals(shown.get("followUpAction"))
            ? Map.of("photoSource", "STUDIO", "studioReceipt", "ZX-" + task.path("id").asText().substring(0, 8))
            : Map.of();
      case "Task_CorrectRejectedRows": {
        byte[] csv = corrections.get(instance);
        return csv == null ? Map.of("correctionAction", "SKIP") : Map.of("correctionAction", "RESUBMIT",
            "correctedFile", new Rest.FilePart("更正.csv", "text/csv", csv));
      }
      case "Task_InstitutionFollowUp": {
        byte[] zip = photos.get(instance);
        return zip == null ? Map.of() : Map.of("correctionPhotos",
            new Rest.FilePart("补充照片.zip", "application/zip", zip));
      }
      case "Task_IssueCards":
        return issue(shown);
      default:
        return Map.of(); // the form as it opens
    }
  }

  /** The institution hands out its cards; one holder in a hundred comes another day (the task comes back). */
  private Map<String, Object> issue(Map<String, Object> shown) {
    Rest.FilePart sheet = new Rest.FilePart("签收表.pdf", "application/pdf", PDF);
    Object before = shown.get("notCollected");
    if (before != null && !before.toString().isBlank()) {
      return Map.of("notCollected", "", "signOffScan", sheet);
    }
    List<String> atUnit = oracle.strings("select application_number from application where batch_number = ?"
        + " and status = 'AT_ISSUING_UNIT' order by application_number", String.valueOf(shown.get("batchNumber")));
    List<String> absent = atUnit.subList(0, atUnit.size() / 100);
    return absent.isEmpty() ? Map.of("signOffScan", sheet)
        : Map.of("notCollected", String.join("\n", absent), "signOffScan", sheet);
  }

  // ------------------------------------------------------------------------------------------ the clock's chores

  /** Counts what came to rest (by the rows' own timestamps, 10 s behind so that every commit is seen). */
  private void track() {
    while (running) {
      try {
        Timestamp from = mark;
        Timestamp to = Timestamp.from(Instant.now().minusSeconds(10));
        for (Map<String, Object> r : oracle.rows("select mode, status, count(*) as n from application where status in"
            + " ('ACTIVATED', 'WITHDRAWN', 'RECOVERED', 'ISSUED') and updated_at > ? and updated_at <= ?"
            + " group by mode, status", from, to)) {
          long n = ((Number) r.get("n")).longValue();
          boolean individual = "INDIVIDUAL".equals(r.get("mode"));
          if (!individual) {
            rowsDone.addAndGet(n);
          } else if (!"ISSUED".equals(r.get("status"))) {
            individualDone.addAndGet(n);
          }
        }
        for (Map<String, Object> r : oracle.rows("select card_number, abs(hashtext(card_number)) % 100 < "
            + ACTIVATED_PERCENT + " as activates from application where status = 'ISSUED' and mode = 'INDIVIDUAL'"
            + " and updated_at > ? and updated_at <= ?", from, to)) {
          if (Boolean.TRUE.equals(r.get("activates"))) {
            toActivate.add((String) r.get("card_number"));
          } else {
            individualDone.incrementAndGet();
          }
        }
        batchesDone.addAndGet(oracle.longValue("select count(*) from act_hi_procinst where end_time_ > ? and"
            + " end_time_ <= ? and proc_def_key_ = 'collective-issuance'", from, to));
        mark = to;
      } catch (RuntimeException e) {
        fail("tracker: " + e.getMessage());
      }
      Robots.pause(2000);
    }
  }

  /** The holder activates the card at the bank; the City Centre (simulator) calls the application back. */
  private void activate() {
    while (running) {
      try {
        String card = toActivate.poll(1, TimeUnit.SECONDS);
        if (card != null) {
          simulator.post(null, "/ccc/v1/_simulator/cards/" + card + "/activation", Map.of());
          activations.incrementAndGet();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        fail("activation: " + e.getMessage());
      }
    }
  }

  /**
   * A town starts its submission in Tasklist (镇街发起汇总报送) once it has {@link #SUBMISSION_SIZE} registered
   * applications or its oldest has waited {@link #SUBMISSION_WAIT} seconds: production's daily submission of a town's
   * day of registrations (616,000 over some 150 working days and 16 towns: about 250 a town a day), made faster. The
   * size matters: every submission's cards travel in one box per village, town and the card office.
   */
  private void submitTowns() {
    while (running) {
      try {
        Timestamp waited = Timestamp.from(Instant.now().minusSeconds(SUBMISSION_WAIT));
        for (Map<String, Object> town : oracle.rows("select o.parent_code as town, count(*) as n, min(a.updated_at)"
            + " as oldest from application a join org_unit o on o.code = a.unit_code where a.status = 'REGISTERED'"
            + " and a.mode = 'INDIVIDUAL' and a.submission_id is null group by o.parent_code")) {
          if (((Number) town.get("n")).intValue() >= SUBMISSION_SIZE
              || ((Timestamp) town.get("oldest")).before(waited)) {
            tasklist.start(District.clerkOf((String) town.get("town")), "town-submission", null);
            townSubmissions.incrementAndGet();
          }
        }
      } catch (RuntimeException e) {
        fail("town submission: " + e.getMessage());
      }
      Robots.pause(10_000);
    }
  }

  private void fail(String what) {
    String k = what == null ? "null" : what.length() > 300 ? what.substring(0, 300) : what;
    failures.computeIfAbsent(k.replaceAll("[0-9]{6,}", "#"), x -> new AtomicLong()).incrementAndGet();
  }

  public long failureCount() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    clients.shutdown();
    clients.awaitTermination(2, TimeUnit.MINUTES);
    for (Thread t : threads) {
      t.interrupt();
      t.join(30_000);
    }
  }
}
