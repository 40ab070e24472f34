package dev.primetime.calendar;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The request bodies of the calendar endpoints, as clients write them (snake_case on the wire). */
final class ScheduleRequests {
    private ScheduleRequests() {}

    @Schema(name = "CreateSchedule")
    record CreateSchedule(
            @Schema(example = "Launch Week Cadence", requiredMode = Schema.RequiredMode.REQUIRED)
            String title,

            @Schema(example = "America/New_York", requiredMode = Schema.RequiredMode.REQUIRED)
            String timezone,

            String description,
            Map<String, Object> metadata,
            String videoJobId,
            String bulkJobId,
            @Schema(maxLength = 1000) List<NewItem> items) {}

    @Schema(name = "NewScheduleItem")
    record NewItem(
            @Schema(example = "content_123", requiredMode = Schema.RequiredMode.REQUIRED)
            String contentId,

            @Schema(example = "youtube", requiredMode = Schema.RequiredMode.REQUIRED)
            String platform,

            @Schema(example = "long_form") String contentType,

            @Schema(
                    example = "2025-11-06T14:00:00-05:00",
                    description = "ISO-8601; without an offset it is read in the schedule's timezone")
            String scheduledTime,

            String earliestTime,
            String latestTime,

            @Schema(minimum = "0", maximum = "100", defaultValue = "50")
            Integer priority,

            @Schema(description = "The optimizer never moves a pinned item")
            Boolean pinned,

            Map<String, Object> metadata,

            @Schema(
                    allowableValues = {"queue", "best"},
                    description = "Instead of scheduled_time: the next free slot of the platform's posting queue"
                            + " (queue), or the best-scoring free time of your model that keeps the platform's gap,"
                            + " caps and the stagger of the same content_id (best)")
            String placement,

            @Schema(description = "With placement: the earliest time to consider (default now)")
            String notBefore,

            @Schema(description = "With placement: the latest time to consider (best: default not_before + 14 days)")
            String notAfter,

            @Schema(
                    example = "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6",
                    description = "RFC 5545 RRULE with COUNT or UNTIL, at most 500 occurrences, from scheduled_time:"
                            + " one item per occurrence, sharing a series_id, at the same wall-clock time in the"
                            + " schedule's timezone")
            String recurrence) {

        NewItem(
                String contentId,
                String platform,
                String contentType,
                String scheduledTime,
                String earliestTime,
                String latestTime,
                Integer priority,
                Boolean pinned,
                Map<String, Object> metadata) {
            this(
                    contentId,
                    platform,
                    contentType,
                    scheduledTime,
                    earliestTime,
                    latestTime,
                    priority,
                    pinned,
                    metadata,
                    null,
                    null,
                    null,
                    null);
        }
    }

    @Schema(name = "UpdateSeries", description = "Changes every pending occurrence of a series; only fields present")
    record UpdateSeries(
            @Schema(
                    example = "11:30",
                    description = "HH:MM in the schedule's timezone: each pending occurrence keeps its date")
            String timeOfDay,

            Integer priority,
            Map<String, Object> metadata) {}

    @Schema(name = "AddScheduleItems")
    record AddItems(List<NewItem> items) {}

    @Schema(name = "UpdateSchedule", description = "Only the fields present change")
    record UpdateSchedule(String title, String description, String timezone, Map<String, Object> metadata) {}

    @Schema(name = "UpdateScheduleItem", description = "Move an item (scheduled_time) or change its status")
    record UpdateItem(
            String scheduledTime,

            @Schema(allowableValues = {"scheduled", "published", "skipped", "failed"})
            String status,

            String externalPostId,
            String externalUrl,
            String error,
            Integer priority,
            Boolean pinned,
            Map<String, Object> metadata) {}
}
