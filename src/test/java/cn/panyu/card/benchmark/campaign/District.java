package cn.panyu.card.benchmark.campaign;

import cn.panyu.card.intake.IdNumber;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.org.UnitProvisioning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/**
 * A synthetic district on top of the 16 real towns the application seeds: 19 villages per town (304), ten
 * departments with thirty institutions each (300), one clerk per village and institution (password
 * {@link #PASSWORD}), made through the same provisioning as real units (group, grants). Applicants get valid
 * ID numbers, unique across the run.
 */
public final class District {

  public static final String PASSWORD = "bench";
  static final int VILLAGES_PER_TOWN = 19;
  static final int DEPARTMENTS = 10;
  static final int INSTITUTIONS_PER_DEPARTMENT = 30;
  static final String[] BANKS = {"中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "广州农村商业银行"};

  public final List<String> towns = new ArrayList<>();
  public final List<String> villages = new ArrayList<>();
  public final List<String> institutions = new ArrayList<>();

  private final AtomicInteger nextPerson = new AtomicInteger();
  private final Set<String> financialCardHolders = financialCardHolders();

  /** Creates what is missing (a second call changes nothing) and returns the district. */
  public static District provision(OrgUnitRepository units, UnitProvisioning provisioning, IdentityService identity) {
    District d = new District();
    for (OrgUnit town : units.findByType(OrgUnitType.TOWN)) {
      d.towns.add(town.code());
      for (int v = 1; v <= VILLAGES_PER_TOWN; v++) {
        String code = town.code() + String.format("8%02d", v);
        d.ensure(provisioning, identity, new OrgUnit(code, town.name() + "基准村" + v, OrgUnitType.VILLAGE,
            town.code(), OrgUnit.groupIdOf(OrgUnitType.VILLAGE, code)));
        d.villages.add(code);
      }
    }
    for (int dep = 1; dep <= DEPARTMENTS; dep++) {
      String code = String.format("bd%02d", dep);
      provisioning.ensureUnit(new OrgUnit(code, "基准职能部门" + dep, OrgUnitType.DEPARTMENT, null,
          OrgUnit.groupIdOf(OrgUnitType.DEPARTMENT, code)), false);
      for (int i = 1; i <= INSTITUTIONS_PER_DEPARTMENT; i++) {
        String inst = code + String.format("i%02d", i);
        d.ensure(provisioning, identity, new OrgUnit(inst, "基准单位" + dep + "-" + i, OrgUnitType.INSTITUTION,
            code, OrgUnit.groupIdOf(OrgUnitType.INSTITUTION, inst)));
        d.institutions.add(inst);
      }
    }
    return d;
  }

  private void ensure(UnitProvisioning provisioning, IdentityService identity, OrgUnit unit) {
    provisioning.ensureUnit(unit, false);
    String user = clerkOf(unit.code());
    if (identity.createUserQuery().userId(user).count() == 0) {
      User u = identity.newUser(user);
      u.setFirstName("办事员");
      u.setLastName(unit.name());
      u.setPassword(PASSWORD);
      identity.saveUser(u);
    }
    provisioning.ensureMembership(user, unit.groupId());
  }

  public static String clerkOf(String unitCode) {
    return "clerk-" + unitCode;
  }

  /** One applicant; {@code outsider}: an ID issued outside Guangzhou (the centre has no police photo). */
  public record Person(int n, String name, String idNumber, String phone, String bank, String workId) {
    public String gender() {
      return IdNumber.gender(idNumber);
    }
  }

  public Person person(boolean outsider) {
    while (true) {
      int n = nextPerson.getAndIncrement();
      LocalDate birth = LocalDate.of(1975, 1, 1).plusDays(n / 499);
      String first17 = (outsider ? "360102" : "440113") + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
          + String.format("%03d", 2 * (n % 499) + 1);
      String id = first17 + IdNumber.checkCharacter(first17);
      if (!financialCardHolders.contains(id)) {
        return new Person(n, "居民" + n, id, String.format("138%08d", n % 100_000_000), BANKS[n % BANKS.length],
            String.format("W%07d", n));
      }
    }
  }

  private static Set<String> financialCardHolders() {
    try (InputStream in = District.class.getResourceAsStream("/simulator/financial-cards.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
