package cn.panyu.card.org;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports village/residential committees from a CSV file with the header {@code code,name,town_code}
 * (UTF-8 with or without BOM, or GBK): {@code code} is the 12-digit statistical code, which starts with
 * the 9-digit code of its town. Each good row makes the unit, its group and its grants (as for every
 * unit); a row already imported is left alone, a new name for an existing code renames it. Bad rows are
 * refused with a Chinese reason and never stop the good ones. Run it as an administrator with
 * {@code POST /api/org-units/villages} (multipart {@code file}) or at start-up with the property
 * {@code org.village-import-file=/path/villages.csv}; running it again changes nothing.
 */
@Service
public class VillageImport {

  private static final Logger log = LoggerFactory.getLogger(VillageImport.class);
  private static final Pattern CODE = Pattern.compile("\\d{12}");
  static final List<String> HEADER = List.of("code", "name", "town_code");

  private final OrgUnitRepository units;
  private final UnitProvisioning provisioning;
  private final TransactionTemplate tx;

  public VillageImport(OrgUnitRepository units, UnitProvisioning provisioning, TransactionTemplate tx) {
    this.units = units;
    this.provisioning = provisioning;
    this.tx = tx;
  }

  public record RowError(int row, String code, String message) {}

  public record Result(int created, int renamed, int unchanged, List<RowError> rejected) {}

  /** The file as a whole cannot be read (wrong header, not CSV): nothing was imported. */
  public static class BadFileException extends RuntimeException {
    public BadFileException(String message) {
      super(message);
    }
  }

  /** Imports the file in one transaction; the good rows are written, the bad ones listed. */
  public Result importCsv(InputStream in) {
    String text = decode(in);
    return tx.execute(status -> importText(text));
  }

  private Result importText(String text) {
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();
    int created = 0;
    int renamed = 0;
    int unchanged = 0;
    List<RowError> rejected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      if (!parser.getHeaderNames().containsAll(HEADER)) {
        throw new BadFileException("文件表头应为 code,name,town_code,实际为 " + String.join(",", parser.getHeaderNames()));
      }
      for (CSVRecord record : parser) {
        int row = (int) record.getRecordNumber() + 1; // the header is row 1, as a spreadsheet shows it
        String code = value(record, "code");
        String name = value(record, "name");
        String townCode = value(record, "town_code");
        String problem = check(code, name, townCode, seen);
        if (problem != null) {
          rejected.add(new RowError(row, code, problem));
          continue;
        }
        seen.add(code);
        OrgUnit existing = units.findByCode(code).orElse(null);
        if (existing != null) {
          if (existing.type() != OrgUnitType.VILLAGE || !townCode.equals(existing.parentCode())) {
            rejected.add(new RowError(row, code, "编码 " + code + " 已被其他单位使用(" + existing.name() + ")"));
            continue;
          }
          if (!existing.name().equals(name)) {
            units.rename(code, name);
            renamed++;
          } else {
            unchanged++;
          }
          // the group and grants are checked even for a known village: an earlier start may have stopped halfway
          provisioning.ensureUnit(existing, false);
          continue;
        }
        provisioning.ensureUnit(new OrgUnit(code, name, OrgUnitType.VILLAGE, townCode,
            OrgUnit.groupIdOf(OrgUnitType.VILLAGE, code)), false);
        created++;
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new BadFileException("无法读取村(居)委导入文件: " + e.getMessage());
    }
    rejected.forEach(e -> log.warn("村(居)委导入: 第 {} 行被拒绝: {}", e.row(), e.message()));
    log.info("村(居)委导入: 新增 {}, 改名 {}, 未变 {}, 拒绝 {}", created, renamed, unchanged, rejected.size());
    return new Result(created, renamed, unchanged, rejected);
  }

  /** The reason a row is refused, in Chinese, or null for a good row. */
  private String check(String code, String name, String townCode, Set<String> seen) {
    if (code.isEmpty() || name.isEmpty() || townCode.isEmpty()) {
      return "编码、名称、所属镇街编码均不能为空";
    }
    if (!CODE.matcher(code).matches()) {
      return "村(居)委编码应为 12 位数字: " + code;
    }
    if (name.length() > 100) {
      return "名称超过 100 个字符";
    }
    OrgUnit town = units.findByCode(townCode).orElse(null);
    if (town == null || town.type() != OrgUnitType.TOWN) {
      return "所属镇街编码不存在: " + townCode;
    }
    if (!code.startsWith(townCode)) {
      return "村(居)委编码 " + code + " 的前 9 位应为所属镇街编码 " + townCode;
    }
    if (seen.contains(code)) {
      return "编码 " + code + " 在文件中重复";
    }
    return null;
  }

  private static String value(CSVRecord record, String column) {
    return record.isSet(column) && record.get(column) != null ? record.get(column).trim() : "";
  }

  /** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise GBK, as Excel in China saves CSV. */
  static String decode(InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new BadFileException("无法读取上传的文件");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, Charset.forName("GBK"));
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
