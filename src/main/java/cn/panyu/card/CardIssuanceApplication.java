package cn.panyu.card;

import javax.xml.datatype.DatatypeFactory;
import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
    SpringApplication.run(CardIssuanceApplication.class, args);
  }
}
