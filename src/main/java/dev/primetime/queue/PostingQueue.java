package dev.primetime.queue;

import dev.primetime.platform.Platform;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A tenant's posting queue for one platform, as stored. */
record PostingQueue(
        Platform platform,
        ZoneId zone,
        String contentType,
        List<QueueSlot> slots,
        int version,
        Instant createdAt,
        Instant updatedAt) {}
