package cn.panyu.card.custody;

import java.time.Instant;

/** One row of {@code handover}. */
public record Handover(
    String handoverId,
    HandoverPurpose purpose,
    String fromLocation,
    String toLocation,
    int sentCount,
    Integer reportedCount,
    Integer receivedCount,
    HandoverStatus status,
    String processInstanceId,
    String redispatchOf,
    Instant createdAt,
    String createdBy,
    String confirmedBy,
    Instant confirmedAt,
    String remarks) {}
