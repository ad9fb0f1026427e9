package cn.panyu.card.application;

import java.time.Instant;

/** One applicant's application as stored in the {@code application} table. */
public record Application(
    String applicationNumber,
    ApplicationMode mode,
    ApplicationStatus status,
    String unitCode,
    String batchNumber,
    String name,
    String gender,
    String idNumber,
    String phone,
    String bank,
    String residency,
    String workId,
    String photoSource,
    Long photoDocumentId,
    String studioReceipt,
    String processInstanceId,
    String submissionId,
    String cardNumber,
    String ineligibleReason,
    Instant createdAt,
    Instant updatedAt) {}
