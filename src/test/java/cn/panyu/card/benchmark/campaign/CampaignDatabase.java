package cn.panyu.card.benchmark.campaign;

import cn.panyu.card.support.PostgresServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** A new database on the embedded PostgreSQL server, with the connection pool of the postgres profile. */
public class CampaignDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(
        "spring.datasource.url=" + PostgresServer.newDatabaseUrl(),
        "spring.datasource.username=postgres",
        "spring.datasource.password=",
        "spring.datasource.hikari.maximum-pool-size=20")
        .applyTo(context);
  }
}
