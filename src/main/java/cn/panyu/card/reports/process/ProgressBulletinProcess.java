package cn.panyu.card.reports.process;

/** Ids, messages and variables of processes/progress-bulletin.bpmn (and its on-demand starter). */
public final class ProgressBulletinProcess {

  public static final String PROCESS_KEY = "progress-bulletin";
  /** A tiny process with a none start event, so that the card office can ask for a bulletin in Tasklist. */
  public static final String REQUEST_PROCESS_KEY = "progress-bulletin-request";
  public static final String MESSAGE_REQUESTED = "BulletinRequested";

  public static final String START_WEEKLY = "StartEvent_Weekly";
  public static final String TASK_BUILD = "Task_BuildBulletin";
  public static final String TASK_REVIEW = "Task_ReviewBulletin";
  public static final String END_PUBLISHED = "EndEvent_Published";

  public static final String BULLETIN_ID = "bulletinId";
  public static final String BULLETIN_TITLE = "bulletinTitle";
  public static final String BULLETIN_SUMMARY = "bulletinSummary";
  public static final String DECISION = "bulletinDecision";
  public static final String DECISION_PUBLISH = "PUBLISH";
  public static final String DECISION_REGENERATE = "REGENERATE";
  public static final String REMARKS = "reviewRemarks";
  public static final String REQUESTED_BY = "requestedBy";

  private ProgressBulletinProcess() {}
}
