package dev.primetime.queue;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The request and response bodies of the queue endpoints (snake_case on the wire). */
final class QueueRequests {
    private QueueRequests() {}

    @Schema(name = "QueueSlot", description = "A weekly wall-clock slot in the queue's timezone")
    record Slot(
            @Schema(
                    example = "tue",
                    allowableValues = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
            String day,

            @Schema(example = "10:00", description = "HH:MM on a 5-minute grid")
            String time) {}

    @Schema(name = "PutQueue")
    record PutQueue(
            @Schema(example = "Europe/Berlin", requiredMode = Schema.RequiredMode.REQUIRED)
            String timezone,

            @Schema(example = "long_form", description = "The content type the queue is for (the default's by default)")
            String contentType,

            @Schema(minLength = 1, maxLength = 100, requiredMode = Schema.RequiredMode.REQUIRED)
            List<Slot> slots) {}

    @Schema(name = "Queue")
    record QueueView(
            String platform,
            String timezone,
            String contentType,
            List<Slot> slots,

            @Schema(description = "The queue's slots of the next 28 days as instants in its zone, taken or not")
            List<java.time.OffsetDateTime> nextSlots,

            int version,
            java.time.Instant createdAt,
            java.time.Instant updatedAt) {}

    @Schema(name = "QueueList")
    record QueueList(List<QueueView> data) {}

    @Schema(name = "SuggestQueue")
    record Suggest(
            @Schema(example = "5", minimum = "1", maximum = "100", requiredMode = Schema.RequiredMode.REQUIRED)
            Integer perWeek,

            String contentType,

            @Schema(description = "IANA zone the slots are in; default the audience zone of your settings, else UTC")
            String timezone,

            @Schema(description = "Hours at least between two suggested slots (0–84); default the platform's gap")
            Double minGapHours) {}

    @Schema(name = "SuggestedSlot")
    record SuggestedSlot(String day, String time, double expectedEngagement, double confidence, String reason) {}

    @Schema(name = "QueueSuggestion", description = "Nothing is stored: PUT /queues/{platform} with the slots you keep")
    record Suggestion(
            String platform,
            String contentType,
            String timezone,
            String objective,

            @Schema(allowableValues = {"platform_defaults", "tenant_history"})
            String basis,

            List<SuggestedSlot> slots) {}
}
