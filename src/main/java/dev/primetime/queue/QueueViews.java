package dev.primetime.queue;

import dev.primetime.queue.QueueRequests.Slot;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What the queue endpoints answer (a queue's slots are the requests' {@link Slot}s). */
final class QueueViews {
    private QueueViews() {}

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
