package cn.panyu.card.benchmark.campaign;

import cn.panyu.card.intake.IdNumber;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The synthetic district the application provisioned ({@code POST /bench/district}): 16 towns with 19 villages each
 * (304), 10 departments with 30 institutions each (300), a clerk per unit ({@code clerk-<code>}); and its applicants,
 * with valid ID numbers unique across the run.
 */
public final class District {

  static final String[] BANKS = {"中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "广州农村商业银行"};

  public final List<String> towns = new ArrayList<>();
  public final List<String> villages = new ArrayList<>();
  public final Map<String, String> townOfVillage = new ConcurrentHashMap<>();
  public final List<String> institutions = new ArrayList<>();
  public final String password;

  private final AtomicInteger nextPerson;
  private final Set<String> financialCardHolders = financialCardHolders();

  public District(JsonNode provisioned, int firstPerson) {
    provisioned.path("towns").forEach(t -> towns.add(t.asText()));
    provisioned.path("villages").forEach(v -> {
      villages.add(v.path("code").asText());
      townOfVillage.put(v.path("code").asText(), v.path("town").asText());
    });
    provisioned.path("institutions").forEach(i -> institutions.add(i.path("code").asText()));
    password = provisioned.path("password").asText();
    nextPerson = new AtomicInteger(firstPerson);
  }

  /** The clerk who works a candidate group's tasks (the card office, the affairs office and every unit have one). */
  public static String clerkOfGroup(String group) {
    int dash = group.indexOf('-');
    if (group.startsWith("district-")) {
      return "clerk-" + group;
    }
    return dash < 0 ? null : "clerk-" + group.substring(dash + 1);
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

  /** The same number with a wrong check character: passes the form's pattern, fails the intake's checksum. */
  public static String typo(String idNumber) {
    char check = idNumber.charAt(17);
    char wrong = check == '1' ? '2' : '1';
    return idNumber.substring(0, 17) + wrong;
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
