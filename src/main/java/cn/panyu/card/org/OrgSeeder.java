package cn.panyu.card.org;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the organisation at every start, idempotently (a restart never duplicates anything):
 * <ul>
 *   <li>always: the District Card Office, the District Government Affairs Office, the 16 towns of
 *       {@code reference/panyu-towns-2013.csv}, their groups and grants, the leaders' group, the
 *       Tasklist filters; then the villages of {@code org.village-import-file} when it is set;</li>
 *   <li>with {@code demo.enabled=true} (the demo profile only): the departments and institutions of
 *       {@code reference/demo-units.csv}, two invented villages per town (named "…(演示)") and the users
 *       of {@code reference/demo-users.csv}, all with the password {@code demo.password}.</li>
 * </ul>
 * Runs before other start-up runners so that their data can refer to the units.
 */
@Component
@Order(0)
public class OrgSeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(OrgSeeder.class);

  static final String TOWNS = "reference/panyu-towns-2013.csv";
  static final String DEMO_UNITS = "reference/demo-units.csv";
  static final String DEMO_USERS = "reference/demo-users.csv";
  /** Demo village codes end in 9xx so that they never take the code of a real committee. */
  static final String[] DEMO_VILLAGES = {"901", "902"};
  static final String[] DEMO_VILLAGE_NAMES = {"示范一村(演示)", "示范二村(演示)"};
  static final String ADMIN_USER = "demo";

  private final UnitProvisioning provisioning;
  private final OrgUnitRepository units;
  private final IdentityService identity;
  private final VillageImport villageImport;
  private final TasklistFilters filters;
  private final TransactionTemplate tx;
  private final boolean demoEnabled;
  private final String demoPassword;
  private final String villageImportFile;

  public OrgSeeder(UnitProvisioning provisioning, OrgUnitRepository units, IdentityService identity,
      VillageImport villageImport, TasklistFilters filters, TransactionTemplate tx,
      @Value("${demo.enabled:false}") boolean demoEnabled,
      @Value("${demo.password:}") String demoPassword,
      @Value("${org.village-import-file:}") String villageImportFile) {
    this.provisioning = provisioning;
    this.units = units;
    this.identity = identity;
    this.villageImport = villageImport;
    this.filters = filters;
    this.tx = tx;
    this.demoEnabled = demoEnabled;
    this.demoPassword = demoPassword;
    this.villageImportFile = villageImportFile;
  }

  @Override
  public void run(ApplicationArguments args) {
    seed();
  }

  /** Everything this class seeds; safe to call any number of times. */
  public void seed() {
    try {
      seedOnce();
    } catch (RuntimeException e) {
      // several nodes of a cluster starting together: the other node's rows (unique keys) won; now they are visible
      log.warn("seeding the organisation failed ({}); trying once more", e.getMessage());
      seedOnce();
    }
    if (!villageImportFile.isBlank()) {
      importVillages(Path.of(villageImportFile));
    }
  }

  private void seedOnce() {
    tx.executeWithoutResult(status -> {
      seedDistrict();
      if (demoEnabled) {
        seedDemo();
      }
    });
  }

  private void seedDistrict() {
    filters.ensureFilters();
    provisioning.ensureUnit(new OrgUnit(OrgUnit.CARD_OFFICE_CODE, "区卡办", OrgUnitType.DISTRICT_CARD_OFFICE, null,
        OrgUnit.groupIdOf(OrgUnitType.DISTRICT_CARD_OFFICE, OrgUnit.CARD_OFFICE_CODE)), false);
    provisioning.ensureUnit(new OrgUnit(OrgUnit.AFFAIRS_OFFICE_CODE, "区政务办", OrgUnitType.DISTRICT_AFFAIRS_OFFICE,
        null, OrgUnit.groupIdOf(OrgUnitType.DISTRICT_AFFAIRS_OFFICE, OrgUnit.AFFAIRS_OFFICE_CODE)), false);
    provisioning.ensureLeadersGroup();
    readCsv(TOWNS, r -> provisioning.ensureUnit(
        new OrgUnit(r.get("code"), r.get("name"), OrgUnitType.TOWN, null,
            OrgUnit.groupIdOf(OrgUnitType.TOWN, r.get("code"))), false));
  }

  private void seedDemo() {
    if (demoPassword.isBlank()) {
      throw new IllegalStateException("demo.enabled=true needs demo.password (set in application-demo.yaml)");
    }
    // departments first: institutions name them as parents
    readCsv(DEMO_UNITS, r -> {
      OrgUnitType type = OrgUnitType.valueOf(r.get("type"));
      String parent = r.get("parent_code").isBlank() ? null : r.get("parent_code");
      provisioning.ensureUnit(new OrgUnit(r.get("code"), r.get("name"), type, parent,
          OrgUnit.groupIdOf(type, r.get("code"))), Boolean.parseBoolean(r.get("school")));
    });
    for (OrgUnit town : units.findByType(OrgUnitType.TOWN)) {
      for (int i = 0; i < DEMO_VILLAGES.length; i++) {
        String code = town.code() + DEMO_VILLAGES[i];
        provisioning.ensureUnit(new OrgUnit(code, town.name() + DEMO_VILLAGE_NAMES[i], OrgUnitType.VILLAGE,
            town.code(), OrgUnit.groupIdOf(OrgUnitType.VILLAGE, code)), false);
      }
    }
    readCsv(DEMO_USERS, r -> {
      String userId = r.get("id");
      if (identity.createUserQuery().userId(userId).count() == 0) {
        User user = identity.newUser(userId);
        user.setFirstName(r.get("first_name"));
        user.setLastName(r.get("last_name"));
        user.setPassword(demoPassword);
        identity.saveUser(user);
      }
      provisioning.ensureMembership(userId, r.get("group_id"));
    });
    // the administrator (camunda.bpm.admin-user) may do everything already; in the card office's group
    // he also finds the card office's tasks in "本单位待办" when walking through the demo
    if (identity.createUserQuery().userId(ADMIN_USER).count() > 0) {
      provisioning.ensureMembership(ADMIN_USER, OrgUnit.CARD_OFFICE_CODE);
    }
  }

  private void importVillages(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      VillageImport.Result result = villageImport.importCsv(in);
      log.info("村(居)委导入 {}: 新增 {}, 拒绝 {}", file, result.created(), result.rejected().size());
    } catch (IOException e) {
      throw new IllegalStateException("org.village-import-file cannot be read: " + file, e);
    }
  }

  private static void readCsv(String resource, Consumer<CSVRecord> row) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader reader = new InputStreamReader(new ClassPathResource(resource).getInputStream(),
        StandardCharsets.UTF_8)) {
      List<CSVRecord> records = format.parse(reader).getRecords();
      records.forEach(row);
    } catch (IOException e) {
      throw new IllegalStateException("reference data missing: " + resource, e);
    }
  }
}
