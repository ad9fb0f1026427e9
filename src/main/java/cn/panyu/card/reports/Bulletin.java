package cn.panyu.card.reports;

import java.time.Instant;

/** One progress bulletin (进度通报): its headline figures and the documents holding its XLSX and chart. */
public record Bulletin(long id, String title, Instant asOf, String status, int target, long applied, long made,
    long issued, long activated, long xlsxDocumentId, long chartDocumentId, String processInstanceId,
    String reviewedBy, String reviewRemarks, Instant publishedAt) {

  public static final String DRAFT = "DRAFT";
  public static final String PUBLISHED = "PUBLISHED";
  /** Returned by the reviewer: a new one is built in its place. */
  public static final String DISCARDED = "DISCARDED";
}
