package cn.panyu.card.reports.process;

import cn.panyu.card.engine.Actors;
import static cn.panyu.card.reports.process.ProgressBulletinProcess.*;

import cn.panyu.card.reports.Bulletin;
import cn.panyu.card.reports.Bulletins;
import cn.panyu.card.reports.ReportsProperties;
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
      BULLETIN_ID.set(execution, id);
      BULLETIN_TITLE.set(execution, b.title());
      BULLETIN_SUMMARY.set(execution, "目标 " + b.target() + " 张；已申请 " + b.applied() + "，已制卡 " + b.made()
          + "，已发放 " + b.issued() + "，已激活 " + b.activated() + "。图表与明细：/reports/bulletins.html?draft=" + id);
      // the form opens with the decision that moves the work on
      DECISION.set(execution, DECISION_PUBLISH);
    };
  }

  @Bean
  JavaDelegate publishBulletin(Bulletins bulletins) {
    return execution -> bulletins.publish(BULLETIN_ID.get(execution), Actors.user(execution),
        REMARKS.getOrNull(execution));
  }

  /** Returned for regeneration: the draft is kept as discarded and a new one is built. */
  @Bean
  JavaDelegate discardBulletin(Bulletins bulletins) {
    return execution -> bulletins.discard(BULLETIN_ID.get(execution), Actors.user(execution),
        REMARKS.getOrNull(execution));
  }

  /** The on-demand starter: starts a progress-bulletin instance through its message start event. */
  @Bean
  JavaDelegate requestBulletin() {
    return execution -> execution.getProcessEngineServices().getRuntimeService()
        .createMessageCorrelation(MESSAGE_REQUESTED)
        .setVariables(REQUESTED_BY.with(REQUESTED_BY.getOrNull(execution)))
        .correlateStartMessage();
  }

  /** The cycle of the weekly timer start event: {@code ${bulletinSchedule.cycle()}}, from reports.bulletin.cycle. */
  @Bean
  BulletinSchedule bulletinSchedule(ReportsProperties properties) {
    return new BulletinSchedule(properties.bulletin().cycle());
  }

  public record BulletinSchedule(String cycle) {}
}
