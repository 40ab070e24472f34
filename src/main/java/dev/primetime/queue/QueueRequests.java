package dev.primetime.queue;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What the queue endpoints read, snake_case on the wire (the module convention: {@code <Subject>Requests} in,
 * {@code <Subject>Views} out).
 */
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

    @Schema(name = "SuggestQueue")
    record Suggest(
            @Schema(example = "5", minimum = "1", maximum = "100", requiredMode = Schema.RequiredMode.REQUIRED)
            Integer perWeek,

            String contentType,

            @Schema(description = "IANA zone the slots are in; default the audience zone of your settings, else UTC")
            String timezone,

            @Schema(description = "Hours at least between two suggested slots (0–84); default the platform's gap")
            Double minGapHours) {}
}
