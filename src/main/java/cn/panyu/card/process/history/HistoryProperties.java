package cn.panyu.card.process.history;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code card.history.*}: which of history level full's rows are written ({@link AuditHistoryHandler}).
 *
 * @param variableDetails {@code USER}: a variable's intermediate values ({@code ACT_HI_DETAIL}) only when a person
 *     set them; {@code ALL}: every change, as history level full does
 * @param jobLog {@code FAILURES}: only failed job executions in {@code ACT_HI_JOB_LOG}; {@code ALL}: every creation,
 *     success, failure and deletion
 */
@ConfigurationProperties(prefix = "card.history")
public record HistoryProperties(Details variableDetails, JobLog jobLog) {

  public enum Details { USER, ALL }

  public enum JobLog { FAILURES, ALL }

  public HistoryProperties {
    variableDetails = variableDetails == null ? Details.USER : variableDetails;
    jobLog = jobLog == null ? JobLog.FAILURES : jobLog;
  }
}
