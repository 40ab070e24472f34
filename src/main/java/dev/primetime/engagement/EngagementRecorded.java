package dev.primetime.engagement;

/** Published after new engagement events of a tenant are committed, so models built on them can refresh. */
public record EngagementRecorded(String tenantId, int stored) {}
