package dev.primetime.engagement;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** What the KPI event endpoints answer. */
final class KpiEventViews {
    private KpiEventViews() {}

    @Schema(name = "KpiEventsRecorded")
    record Recorded(int received, int stored, int duplicates) {}

    @Schema(name = "KpiEventView")
    record KpiEventView(
            UUID id,
            String eventId,
            UUID itemId,
            String contentId,
            String platform,
            String contentType,
            String metric,
            double value,
            Instant publishedAt,
            Instant observedAt,

            @Schema(
                    description = "0–167 (Monday 00:00 = 0) in the event's own timezone; null when the event named no"
                            + " zone: the model then reads it in the audience's zone when it fits")
            Integer hourOfWeek,

            @Schema(description = "The audience zone the event named; null: read in the tenant's audience zone")
            String timezone,

            Instant createdAt) {}
}
