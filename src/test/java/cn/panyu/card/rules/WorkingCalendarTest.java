package cn.panyu.card.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The analysts' calendar file as shipped, and the counting of working days over it. */
class WorkingCalendarTest {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2013-09-27T02:00:00Z"), BEIJING);

  /** The file deployed with the models. */
  static WorkingCalendar shipped() {
    try {
      return WorkingCalendar.read(Files.readAllBytes(Path.of("processes/working-calendar.csv")),
          "working-calendar.csv", CLOCK);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private final WorkingCalendar calendar = shipped();

  private static Instant beijing(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(BEIJING).toInstant();
  }

  private static long workingDays(WorkingCalendar c, int year) {
    return Stream.iterate(LocalDate.of(year, 1, 1), d -> d.getYear() == year, d -> d.plusDays(1))
        .filter(c::isWorkingDay).count();
  }

  @Test
  void eachYearOfTheStateCouncilsArrangementsHas250WorkingDays() {
    // 2013 and 2014 both start on a weekday with 261 weekdays; minus the 11 statutory holidays that fall on
    // weekdays once the adjusted weekends are worked: the published 250 working days of each year
    assertThat(workingDays(calendar, 2013)).isEqualTo(250);
    assertThat(workingDays(calendar, 2014)).isEqualTo(250);
    assertThat(calendar.covers(2013)).isTrue();
    assertThat(calendar.covers(2014)).isTrue();
    assertThat(calendar.covers(2015)).isFalse();
  }

  @Test
  void holidaysAndAdjustedWorkingWeekends() {
    assertThat(calendar.isWorkingDay(LocalDate.of(2013, 10, 3))).as("国庆节, a Thursday").isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2013, 10, 8))).as("the Tuesday after").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2013, 9, 29))).as("Sunday worked for 国庆节").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2013, 10, 12))).as("Saturday worked for 国庆节").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2013, 9, 28))).as("an ordinary Saturday").isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2014, 2, 8))).as("Saturday worked for 春节 2014").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2014, 1, 31))).as("春节 2014, a Friday").isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2014, 4, 7))).as("清明节 2014 made up on the Monday").isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2015, 3, 2))).as("a year without holidays: a Monday").isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2015, 3, 1))).as("a year without holidays: a Sunday").isFalse();
  }

  @Test
  void workingDaysAreCountedOverHolidaysAndAdjustedWeekends() {
    // Friday 27 September 2013: Sunday the 29th is worked, 1-7 October are off
    Instant friday = beijing("2013-09-27T10:00");
    assertThat(calendar.plusWorkingDays(friday, 1)).isEqualTo(beijing("2013-09-29T10:00"));
    assertThat(calendar.plusWorkingDays(friday, 2)).isEqualTo(beijing("2013-09-30T10:00"));
    assertThat(calendar.plusWorkingDays(friday, 3)).isEqualTo(beijing("2013-10-08T10:00"));
    assertThat(calendar.plusWorkingDays(friday, 14)).isEqualTo(beijing("2013-10-22T10:00"));
    assertThat(calendar.plusWorkingDays(friday, 60)).isEqualTo(beijing("2013-12-25T10:00"));
    assertThat(calendar.plusWorkingDays(friday, 0)).isEqualTo(friday);
    // a task that arrives on a holiday counts from the next working day
    assertThat(calendar.plusWorkingDays(beijing("2013-10-03T15:30"), 1)).isEqualTo(beijing("2013-10-08T15:30"));
    // over 元旦 and 春节 2014 (Sunday 26 January and Saturday 8 February worked)
    assertThat(calendar.plusWorkingDays(LocalDate.of(2014, 1, 24), 1)).isEqualTo(LocalDate.of(2014, 1, 26));
    assertThat(calendar.plusWorkingDays(LocalDate.of(2014, 1, 30), 1)).isEqualTo(LocalDate.of(2014, 2, 7));
    assertThat(calendar.plusWorkingDays(LocalDate.of(2013, 12, 20), 60)).isEqualTo(LocalDate.of(2014, 3, 20));
    assertThatThrownBy(() -> calendar.plusWorkingDays(friday, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void daysAreCountedInBeijingTimeWhateverTheServersZone() {
    // 01:00 on Monday 30 September in Beijing is still Sunday the 29th in UTC
    Instant earlyMonday = Instant.parse("2013-09-29T17:00:00Z");
    assertThat(calendar.plusWorkingDays(earlyMonday, 1)).isEqualTo(beijing("2013-10-08T01:00"));
    WorkingCalendar onUtc = WorkingCalendar.read(bytes("开始日期,结束日期,安排,说明\n2013-10-01,2013-10-07,放假,国庆节\n"
        + "2013-09-29,2013-09-29,上班,国庆节调休\n", StandardCharsets.UTF_8), "utc", Clock.fixed(earlyMonday,
        ZoneId.of("UTC")));
    assertThat(onUtc.plusWorkingDays(earlyMonday, 1)).isEqualTo(Instant.parse("2013-09-30T17:00:00Z"));
    assertThat(calendar.now()).isEqualTo(CLOCK.instant());
    assertThat(calendar.zone()).isEqualTo(BEIJING);
  }

  @Test
  void everyWorkedDayInTheFileIsAWeekendDay() {
    for (int year : new int[] {2013, 2014}) {
      Stream.iterate(LocalDate.of(year, 1, 1), d -> d.getYear() == year, d -> d.plusDays(1))
          .filter(d -> d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY)
          .filter(calendar::isWorkingDay)
          .forEach(d -> assertThat(d).isIn(LocalDate.of(2013, 1, 5), LocalDate.of(2013, 1, 6),
              LocalDate.of(2013, 2, 16), LocalDate.of(2013, 2, 17), LocalDate.of(2013, 4, 7),
              LocalDate.of(2013, 4, 27), LocalDate.of(2013, 4, 28), LocalDate.of(2013, 6, 8), LocalDate.of(2013, 6, 9),
              LocalDate.of(2013, 9, 22), LocalDate.of(2013, 9, 29), LocalDate.of(2013, 10, 12),
              LocalDate.of(2014, 1, 26), LocalDate.of(2014, 2, 8), LocalDate.of(2014, 5, 4),
              LocalDate.of(2014, 9, 28), LocalDate.of(2014, 10, 11)));
    }
  }

  // ------------------------------------------------------------------------------------------- the file

  private static byte[] bytes(String text, Charset charset) {
    return text.getBytes(charset);
  }

  @Test
  void aFileAsExcelSavesIt() {
    // GBK with slashes in the dates, padded rows, notes
    String text = "# 说明,,,\r\n开始日期,结束日期,安排,说明\r\n2015/2/18,2015/2/24,放假,春节\r\n,,,\r\n"
        + "2015/2/15,2015/2/15,上班,春节调休\r\n2015/2/28,2015/2/28,上班,\r\n";
    WorkingCalendar c = WorkingCalendar.read(bytes(text, Charset.forName("GBK")), "gbk", CLOCK);
    assertThat(c.isWorkingDay(LocalDate.of(2015, 2, 18))).isFalse();
    assertThat(c.isWorkingDay(LocalDate.of(2015, 2, 15))).isTrue();
    assertThat(c.isWorkingDay(LocalDate.of(2015, 2, 28))).isTrue();
    byte[] bom = bytes("\uFEFF" + text, StandardCharsets.UTF_8);
    assertThat(WorkingCalendar.read(bom, "bom", CLOCK).isWorkingDay(LocalDate.of(2015, 2, 24))).isFalse();
  }

  @Test
  void mistakesStopTheStartAndNameTheirLine() {
    String header = "开始日期,结束日期,安排,说明\n";
    assertThatThrownBy(() -> read(header + "2015-02-18,2015-02-24,放假,春节\n2015-13-01,2015-13-01,放假,错\n"))
        .hasMessageContaining("第3行").hasMessageContaining("2015-13-01");
    assertThatThrownBy(() -> read(header + "2015-02-16,2015-02-16,上班,星期一\n"))
        .hasMessageContaining("不是星期六或星期日");
    assertThatThrownBy(() -> read(header + "2015-02-18,2015-02-24,放假,春节\n2015-02-21,2015-02-21,上班,调休\n"))
        .hasMessageContaining("既是“放假”又是“上班”");
    assertThatThrownBy(() -> read(header + "2015-02-18,2015-02-24,休息,春节\n")).hasMessageContaining("“放假”或“上班”");
    assertThatThrownBy(() -> read(header + "2015-02-24,2015-02-18,放假,春节\n")).hasMessageContaining("结束日期早于开始日期");
    assertThatThrownBy(() -> read("2015-02-18,2015-02-24,放假,春节\n")).hasMessageContaining("表头");
  }

  private static WorkingCalendar read(String text) {
    return WorkingCalendar.read(bytes(text, StandardCharsets.UTF_8), "test", CLOCK);
  }

  @Test
  void theEngineClockIsTheEnginesNow() {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(beijing("2013-10-08T09:00")));
    try {
      EngineClock clock = new EngineClock(BEIJING);
      assertThat(clock.instant()).isEqualTo(beijing("2013-10-08T09:00"));
      assertThat(ZonedDateTime.now(clock).getZone()).isEqualTo(BEIJING);
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }
}
