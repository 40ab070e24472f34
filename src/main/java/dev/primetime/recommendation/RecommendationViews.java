package dev.primetime.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the recommendation endpoints answer (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class RecommendationViews {
    private RecommendationViews() {}

    @Schema(name = "RecommendedSlot")
    record Slot(
            @Schema(description = "Stored slot id for POST /recommendations/{id}/accept; null without a token")
            UUID id,

            String platform,
            String contentType,

            @Schema(description = "With the offset of the platform's audience zone (timezone)")
            OffsetDateTime scheduledTime,

            @Schema(description = "The audience zone the slot's hour was chosen in and its history read in")
            String timezone,

            @Schema(description = "0–1, relative to the best hour of this platform's curve")
            double score,

            @Schema(
                    description =
                            "Multiples of the tenant's median post's outcome (tenant_history), or the platform curve's relative level (platform_defaults)")
            double expectedEngagement,

            @Schema(description = "0–1, from the width of the 90% credible interval of the hour's typical post")
            double confidence,

            String reason) {}

    @Schema(name = "AudienceRead", description = "How one platform's history was read for this answer")
    record AudienceRead(
            String platform,
            String contentType,

            @Schema(description = "The zone the history's instants were read in (hours of the week in it)")
            String timezone,

            @Schema(
                    description =
                            "request (timezone=), settings (audience_timezone), latest_schedule, or default (UTC)",
                    allowableValues = {"request", "settings", "latest_schedule", "default"})
            String timezoneSource,

            @Schema(description = "Your posts on this platform and content type")
            int posts,

            @Schema(
                    description =
                            "Of them, the posts that reported the objective's metrics: what the model learned from")
            int postsWithOutcome,

            @Schema(description = "Posts whose events named their own timezone, read in it instead")
            int postsWithOwnTimezone) {}

    @Schema(name = "RecommendationList")
    record RecommendationList(
            List<Slot> recommendations,

            @Schema(allowableValues = {"platform_defaults", "tenant_history"})
            String basis,

            String modelVersion,

            @Schema(description = "The answer's zone: the window starts on its full hours")
            String timezone,

            @Schema(allowableValues = {"interactions", "engagement_rate", "views", "watch_time_seconds"})
            String objective,

            @Schema(allowableValues = {"request", "settings", "default"})
            String objectiveSource,

            List<AudienceRead> audiences,
            Instant generatedAt) {}

    @Schema(name = "AcceptedRecommendation")
    record Accepted(UUID recommendationId, UUID scheduleId, UUID itemId, OffsetDateTime scheduledTime) {}

    @Schema(name = "EngagementCurve")
    record EngagementCurve(
            String platform,
            String contentType,

            @Schema(
                    description =
                            "The audience zone: the history was read in it, and the slots are its hours of the week")
            String timezone,

            @Schema(allowableValues = {"request", "settings", "latest_schedule", "default"})
            String timezoneSource,

            @Schema(allowableValues = {"interactions", "engagement_rate", "views", "watch_time_seconds"})
            String objective,

            @Schema(allowableValues = {"request", "settings", "default"})
            String objectiveSource,

            @Schema(allowableValues = {"platform_defaults", "tenant_history"})
            String basis,

            @Schema(
                    description =
                            "Posts that informed the forecast (those with the objective's metrics); 0 for the platform prior alone")
            int observations,

            @Schema(description = "0–167: the hour of the week it is now in timezone")
            int currentSlot,

            @Schema(description = "0–167: the slot with the highest expected engagement")
            int bestSlot,

            @Schema(description = "168 values, Monday 00:00 local first; same scale as expected_engagement")
            List<Double> expected,

            @Schema(
                    description =
                            "168 values: lower end of the interval one post's outcome at that hour falls in 90% of the time")
            List<Double> lower,

            @Schema(description = "168 values: upper end of that 90% interval")
            List<Double> upper,

            @Schema(
                    description =
                            "168 values, 0–1, from the width of the 90% credible interval of the hour's typical post relative to its mean")
            List<Double> confidence) {}
}
