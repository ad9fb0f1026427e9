package cn.panyu.card.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The analysts' working calendar, read once at start-up: {@code card.calendar.file} (default the file deployed with
 * the models, {@code processes/working-calendar.csv}; a path outside the application lets operators add a year
 * with a restart instead of a release) in {@code card.calendar.zone} (default Asia/Shanghai, whatever the server's
 * zone), on the engine's clock.
 */
@Configuration
public class WorkingCalendarConfiguration {

  @Bean
  public WorkingCalendar workingCalendar(
      @Value("${card.calendar.file:classpath:processes/working-calendar.csv}") Resource file,
      @Value("${card.calendar.zone:Asia/Shanghai}") ZoneId zone) {
    try (InputStream in = file.getInputStream()) {
      return WorkingCalendar.read(in.readAllBytes(), file.getDescription(), new EngineClock(zone));
    } catch (IOException e) {
      throw new UncheckedIOException("working calendar " + file.getDescription() + " not found", e);
    }
  }
}
