package dev.primetime.calendar;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the calendar endpoints answer. Item times are shown in the schedule's time zone. */
final class ScheduleViews {
    private ScheduleViews() {}

    @Schema(name = "Schedule")
    record ScheduleView(
            UUID id,
            String title,
            String description,
            String timezone,
            ScheduleStatus status,
            Map<String, Object> metadata,
            String videoJobId,
            String bulkJobId,
            int itemCount,
            int version,
            Instant createdAt,
            Instant updatedAt,

            @Schema(description = "Present on create and on GET /calendar/{id}")
            List<ItemView> items) {

        ScheduleView withItems(List<ItemView> list) {
            return new ScheduleView(
                    id,
                    title,
                    description,
                    timezone,
                    status,
                    metadata,
                    videoJobId,
                    bulkJobId,
                    itemCount,
                    version,
                    createdAt,
                    updatedAt,
                    list);
        }
    }

    @Schema(name = "ScheduleItem")
    record ItemView(
            UUID id,
            UUID scheduleId,
            String contentId,
            String platform,
            String contentType,
            OffsetDateTime scheduledTime,
            OffsetDateTime earliestTime,
            OffsetDateTime latestTime,
            int priority,
            boolean pinned,
            ItemStatus status,
            Map<String, Object> metadata,
            String externalPostId,
            String externalUrl,
            String error,
            int version,
            Instant createdAt,
            Instant updatedAt,

            @Schema(
                    allowableValues = {"queue", "best"},
                    description = "How the item got its time when it asked for a placement; null otherwise")
            String placement,

            @Schema(description = "Why that time, when the item was placed")
            String placementReason,

            @Schema(description = "The recurring series the item belongs to; null otherwise")
            UUID seriesId) {}

    @Schema(name = "ItemImport", description = "An item import's answer: the items as written, or as a dry run would")
    record ItemImport(
            @Schema(description = "true: nothing was written; the items show the plan (their ids are not kept)")
            boolean dryRun,

            @Schema(description = "Rows read, the header not counted")
            int rows,

            @Schema(description = "Items written (or planned): a recurring row adds several")
            int items,

            List<ItemView> data) {}

    /** The items a request added or changed. */
    record ItemList(List<ItemView> data) {}
}
