package dev.primetime.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** API records of the recommendations endpoints. */
final class Recommendations {
    private Recommendations() {}

    @Schema(name = "RecommendedSlot")
    record Slot(
            @Schema(description = "Stored slot id for POST /recommendations/{id}/accept; null without a token")
            UUID id,

            String platform,
            String contentType,

            @Schema(description = "In the requested timezone")
            OffsetDateTime scheduledTime,

            @Schema(description = "0–1, relative to the best hour of this platform's curve")
            double score,

            @Schema(
                    description =
                            "Multiples of the tenant's median post (tenant_history), or the platform curve's relative level (platform_defaults)")
            double expectedEngagement,

            @Schema(description = "0–1, from the width of the 90% credible interval")
            double confidence,

            String reason) {}

    @Schema(name = "RecommendationList")
    record RecommendationList(
            List<Slot> recommendations,

            @Schema(allowableValues = {"platform_defaults", "tenant_history"})
            String basis,

            String modelVersion,
            String timezone,
            Instant generatedAt) {}

    @Schema(name = "AcceptRecommendation")
    record Accept(UUID scheduleId, String contentId) {}

    @Schema(name = "AcceptedRecommendation")
    record Accepted(UUID recommendationId, UUID scheduleId, UUID itemId, OffsetDateTime scheduledTime) {}
}
