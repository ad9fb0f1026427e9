package cn.panyu.card.rules;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The days staff work: Monday to Friday, except the public holidays of the analysts' calendar file
 * ({@code processes/working-calendar.csv}), plus the weekend days that file lists as adjusted working days
 * (调休上班). Counts working days from a moment in the campaign's time zone — the clock's zone, not the server's:
 * a task created at 01:00 Beijing time on a server running on UTC must not count from the day before.
 */
public final class WorkingCalendar {

  private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);

  public static final String HOLIDAY = "放假";
  public static final String WORKING_DAY = "上班";
  static final List<String> HEADER = List.of("开始日期", "结束日期", "安排", "说明");

  /** One line of the calendar file: a run of days off, or a weekend day (or run) worked. */
  public record Entry(LocalDate from, LocalDate to, boolean working, String name) {}

  private final Set<LocalDate> holidays = new HashSet<>();
  private final Set<LocalDate> workedWeekendDays = new HashSet<>();
  /** Years with at least one holiday in the file: the others are counted by weekends alone (and logged). */
  private final Set<Integer> coveredYears = new HashSet<>();
  private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  public WorkingCalendar(List<Entry> entries, Clock clock) {
    this.clock = clock;
    Map<LocalDate, Entry> seen = new HashMap<>();
    for (Entry e : entries) {
      for (LocalDate d = e.from(); !d.isAfter(e.to()); d = d.plusDays(1)) {
        Entry before = seen.putIfAbsent(d, e);
        if (before != null && before.working() != e.working()) {
          throw new IllegalArgumentException("工作日历中 " + d + " 既是“放假”又是“上班”（" + before.name() + "、" + e.name() + "）");
        }
        if (e.working()) {
          if (!isWeekend(d)) {
            throw new IllegalArgumentException("工作日历中“上班”的 " + d + "（" + e.name() + "）不是星期六或星期日：星期一至五本来就是工作日");
          }
          workedWeekendDays.add(d);
        } else {
          holidays.add(d);
          coveredYears.add(d.getYear());
        }
      }
    }
  }

  /**
   * Reads the calendar file: UTF-8 (with or without BOM) or GBK as Excel in China saves it; lines starting with
   * {@code #} are notes; a header row, then {@code 开始日期,结束日期,安排,说明} per line, dates as 2013-10-01 or
   * 2013/10/1, 安排 {@value #HOLIDAY} or {@value #WORKING_DAY}.
   *
   * @param source the file's name, for the messages
   * @throws IllegalArgumentException naming the line of anything wrong: a broken calendar must stop the start, not
   *     silently turn holidays into working days
   */
  public static WorkingCalendar read(byte[] file, String source, Clock clock) {
    List<Entry> entries = new java.util.ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreSurroundingSpaces(true).get();
    try (var parser = format.parse(new StringReader(text(file)))) {
      boolean header = true;
      for (CSVRecord r : parser) {
        if (Arrays.stream(r.values()).allMatch(String::isBlank)) {
          continue; // Excel pads rows with empty cells
        }
        if (header) {
          // without its header the first holiday would be skipped as one: a file that lost it is refused
          if (!HEADER.get(0).equals(r.get(0).strip())) {
            throw new IllegalArgumentException("工作日历 " + source + " 第" + r.getParser().getCurrentLineNumber()
                + "行应为表头：" + String.join(",", HEADER));
          }
          header = false;
          continue;
        }
        entries.add(entry(r, source));
      }
    } catch (IOException | IllegalStateException e) {
      throw new IllegalArgumentException("工作日历 " + source + " 无法读取：" + e.getMessage(), e);
    }
    return new WorkingCalendar(entries, clock);
  }

  private static Entry entry(CSVRecord r, String source) {
    String where = "工作日历 " + source + " 第" + r.getParser().getCurrentLineNumber() + "行";
    if (r.size() < 3) {
      throw new IllegalArgumentException(where + "应有开始日期、结束日期、安排三列");
    }
    LocalDate from = date(r.get(0), where);
    LocalDate to = date(r.get(1), where);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(where + "的结束日期早于开始日期");
    }
    String kind = r.get(2).strip();
    if (!HOLIDAY.equals(kind) && !WORKING_DAY.equals(kind)) {
      throw new IllegalArgumentException(where + "的安排应填“放假”或“上班”，不是“" + kind + "”");
    }
    String name = r.size() > 3 ? r.get(3).strip() : "";
    return new Entry(from, to, WORKING_DAY.equals(kind), name.isEmpty() ? kind : name);
  }

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-M-d");

  private static LocalDate date(String cell, String where) {
    try {
      return LocalDate.parse(cell.strip().replace('/', '-'), DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + "的日期“" + cell + "”应写成 2013-10-01 的格式");
    }
  }

  /** UTF-8 when the bytes are UTF-8 (a BOM dropped), else GBK (read as GB18030, its superset). */
  private static String text(byte[] file) {
    int start = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF
        ? 3 : 0;
    ByteBuffer bytes = ByteBuffer.wrap(file, start, file.length - start);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      return new String(file, Charset.forName("GB18030"));
    }
  }

  // ------------------------------------------------------------------------------------------- counting

  /** Is today (in the campaign's time zone, on the engine's clock) a working day? */
  public boolean isWorkingDay() {
    return isWorkingDay(LocalDate.now(clock));
  }

  public boolean isWorkingDay(LocalDate day) {
    if (!coveredYears.contains(day.getYear()) && warnedYears.add(day.getYear())) {
      log.warn("the working calendar has no holidays for {}: that year counts weekends only (add the year's"
          + " arrangement to processes/working-calendar.csv)", day.getYear());
    }
    if (holidays.contains(day)) {
      return false;
    }
    return workedWeekendDays.contains(day) || !isWeekend(day);
  }

  /** The n-th working day after this day (0: the day itself, whatever it is). */
  public LocalDate plusWorkingDays(LocalDate day, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("working days must not be negative: " + n);
    }
    LocalDate d = day;
    for (int counted = 0; counted < n; ) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        counted++;
      }
    }
    return d;
  }

  /**
   * The same time of day on the n-th working day after the moment's day: a task that arrives on Friday at 16:00
   * with one working day is due on Monday at 16:00; one that arrives on a holiday counts from the next working day.
   */
  public Instant plusWorkingDays(Instant from, int n) {
    ZonedDateTime start = from.atZone(zone());
    return plusWorkingDays(start.toLocalDate(), n).atTime(start.toLocalTime()).atZone(zone()).toInstant();
  }

  public Instant now() {
    return clock.instant();
  }

  /** The campaign's time zone, in which days begin and end. */
  public ZoneId zone() {
    return clock.getZone();
  }

  public boolean covers(int year) {
    return coveredYears.contains(year);
  }

  private static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
