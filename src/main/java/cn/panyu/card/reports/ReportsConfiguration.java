package cn.panyu.card.reports;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ReportsProperties.class)
public class ReportsConfiguration {}
