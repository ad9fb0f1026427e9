package cn.panyu.card;

import java.util.TimeZone;
import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

@SpringBootApplication
@EnableProcessApplication("card-issuance")
public class CardIssuanceApplication {

  static {
    // The engine makes a DatatypeFactory for every timer it schedules; without this the JDK searches every jar
    // for a provider each time (3 % of all CPU in the campaign benchmark). The JDK's own is the one found anyway.
    if (System.getProperty("javax.xml.datatype.DatatypeFactory") == null) {
      System.setProperty("javax.xml.datatype.DatatypeFactory", DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
    }
  }

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(CardIssuanceApplication.class);
    // cron timers (the 17:00 town submissions, the weekly bulletin) fire in the JVM's default zone, which on a server
    // is often UTC: the campaign's zone makes 17:00 mean 17:00 in Panyu
    application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) e -> TimeZone.setDefault(
        TimeZone.getTimeZone(e.getEnvironment().getProperty("card.calendar.zone", "Asia/Shanghai"))));
    application.run(args);
  }
}
