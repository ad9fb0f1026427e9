package cn.panyu.card.citycentre;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The client of the City Card Centre, configured from {@code card-centre.*}. */
@Configuration
@EnableConfigurationProperties(CityCentreProperties.class)
public class CityCentreConfiguration {

  @Bean(destroyMethod = "close")
  CityCentreClient cityCentreClient(CityCentreProperties properties, ObjectMapper objectMapper,
      Environment environment) {
    return new CityCentreClient(properties, objectMapper, environment::resolvePlaceholders);
  }
}
