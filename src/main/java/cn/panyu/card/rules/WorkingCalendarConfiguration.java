package cn.panyu.card.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The application's one "now" ({@link EngineClock}: the engine's clock, which the process tests move, in the district's
 * time zone), and the analysts' working calendar, read once at start-up: {@code card.calendar.file} (default the file deployed with
 * the models, {@code processes/working-calendar.csv}; a path outside the application lets operators add a year
 * with a restart instead of a release) in {@code card.calendar.zone} (default Asia/Shanghai, whatever the server's
 * zone), on the engine's clock.
 */
@Configuration
public class WorkingCalendarConfiguration {

  @Bean
  public Clock clock(@Value("${card.calendar.zone:Asia/Shanghai}") ZoneId zone) {
    return new EngineClock(zone);
  }

  @Bean
  public WorkingCalendar workingCalendar(
      @Value("${card.calendar.file:classpath:processes/working-calendar.csv}") Resource file, Clock clock) {
    try (InputStream in = file.getInputStream()) {
      return WorkingCalendar.read(in.readAllBytes(), file.getDescription(), clock);
    } catch (IOException e) {
      throw new UncheckedIOException("working calendar " + file.getDescription() + " not found", e);
    }
  }
}
