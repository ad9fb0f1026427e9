package cn.panyu.card;

import org.camunda.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
@EnableProcessApplication("card-issuance")
public class CardIssuanceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CardIssuanceApplication.class, args);
  }
}
