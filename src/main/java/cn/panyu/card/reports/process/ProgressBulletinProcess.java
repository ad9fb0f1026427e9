package cn.panyu.card.reports.process;

import static cn.panyu.card.engine.ProcessVariable.of;

import cn.panyu.card.engine.ProcessVariable;

/** Ids, messages and typed variables of processes/progress-bulletin.bpmn (and its on-demand starter). */
public final class ProgressBulletinProcess {

  public static final String PROCESS_KEY = "progress-bulletin";
  /** A tiny process with a none start event, so that the card office can ask for a bulletin in Tasklist. */
  public static final String REQUEST_PROCESS_KEY = "progress-bulletin-request";
  public static final String MESSAGE_REQUESTED = "BulletinRequested";

  public static final String START_WEEKLY = "StartEvent_Weekly";
  public static final String TASK_BUILD = "Task_BuildBulletin";
  public static final String TASK_REVIEW = "Task_ReviewBulletin";
  public static final String END_PUBLISHED = "EndEvent_Published";

  /** the draft the build step made, which the review publishes or discards */
  public static final ProcessVariable<Long> BULLETIN_ID = of("bulletinId", Long.class);
  public static final ProcessVariable<String> BULLETIN_TITLE = of("bulletinTitle", String.class);
  public static final ProcessVariable<String> BULLETIN_SUMMARY = of("bulletinSummary", String.class);
  public static final ProcessVariable<String> DECISION = of("bulletinDecision", String.class);
  public static final String DECISION_PUBLISH = "PUBLISH";
  public static final String DECISION_REGENERATE = "REGENERATE";
  public static final ProcessVariable<String> REMARKS = of("reviewRemarks", String.class);
  public static final ProcessVariable<String> REQUESTED_BY = of("requestedBy", String.class);

  private ProgressBulletinProcess() {}
}
