package cn.panyu.card.reports.process;

import cn.panyu.card.engine.Actors;
import static cn.panyu.card.reports.process.ProgressBulletinProcess.*;

import cn.panyu.card.reports.Bulletin;
import cn.panyu.card.reports.Bulletins;
import cn.panyu.card.reports.ReportsProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The progress bulletin's delegates: thin adapters in front of {@link Bulletins}. */
@Configuration
public class BulletinDelegates {

  /** Builds the draft (XLSX + chart) and puts its headline figures where the review form shows them. */
  @Bean
  JavaDelegate buildBulletin(Bulletins bulletins) {
    return execution -> {
      long id = bulletins.build(execution.getProcessInstanceId());
      Bulletin b = bulletins.find(id).orElseThrow();
      execution.setVariable(BULLETIN_ID, id);
      execution.setVariable(BULLETIN_TITLE, b.title());
      execution.setVariable(BULLETIN_SUMMARY, "目标 " + b.target() + " 张；已申请 " + b.applied() + "，已制卡 " + b.made()
          + "，已发放 " + b.issued() + "，已激活 " + b.activated() + "。图表与明细：/reports/bulletins.html?draft=" + id);
      // the form opens with the decision that moves the work on
      execution.setVariable(DECISION, DECISION_PUBLISH);
    };
  }

  @Bean
  JavaDelegate publishBulletin(Bulletins bulletins) {
    return execution -> bulletins.publish(id(execution), Actors.user(execution), remarks(execution));
  }

  /** Returned for regeneration: the draft is kept as discarded and a new one is built. */
  @Bean
  JavaDelegate discardBulletin(Bulletins bulletins) {
    return execution -> bulletins.discard(id(execution), Actors.user(execution), remarks(execution));
  }

  /** The on-demand starter: starts a progress-bulletin instance through its message start event. */
  @Bean
  JavaDelegate requestBulletin() {
    return execution -> execution.getProcessEngineServices().getRuntimeService()
        .createMessageCorrelation(MESSAGE_REQUESTED)
        .setVariable(REQUESTED_BY, execution.getVariable(REQUESTED_BY))
        .correlateStartMessage();
  }

  /** The cycle of the weekly timer start event: {@code ${bulletinSchedule.cycle()}}, from reports.bulletin.cycle. */
  @Bean
  BulletinSchedule bulletinSchedule(ReportsProperties properties) {
    return new BulletinSchedule(properties.bulletin().cycle());
  }

  public record BulletinSchedule(String cycle) {}

  private static long id(DelegateExecution execution) {
    return ((Number) execution.getVariable(BULLETIN_ID)).longValue();
  }

  private static String remarks(DelegateExecution execution) {
    Object remarks = execution.getVariable(REMARKS);
    return remarks == null ? null : remarks.toString();
  }
}
