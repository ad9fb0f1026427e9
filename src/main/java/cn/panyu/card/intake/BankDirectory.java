package cn.panyu.card.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The banks an applicant may choose (configuration: {@code intake.banks}, by default
 * classpath:reference/banks.csv with columns name, short_name). A file may use the full or the short
 * name; the full name is stored.
 */
@Component
public class BankDirectory {

  private final Map<String, String> fullNameByAnyName = new HashMap<>();
  private final List<String> fullNames;

  public BankDirectory(@Value("${intake.banks:classpath:reference/banks.csv}") Resource csv) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(csv.getInputStream(), StandardCharsets.UTF_8))) {
      CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
      for (CSVRecord r : format.parse(in)) {
        String full = TextNormaliser.text(r.get("name"));
        fullNameByAnyName.put(full, full);
        String shortName = TextNormaliser.text(r.get("short_name"));
        if (shortName != null) {
          fullNameByAnyName.put(shortName, full);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bank list " + csv + " unreadable", e);
    }
    fullNames = List.copyOf(fullNameByAnyName.values().stream().distinct().sorted().toList());
  }

  /** The full name for a full or short name, if the bank is on the list. */
  public Optional<String> fullName(String anyName) {
    return Optional.ofNullable(anyName == null ? null : fullNameByAnyName.get(TextNormaliser.text(anyName)));
  }

  public List<String> fullNames() {
    return fullNames;
  }
}
