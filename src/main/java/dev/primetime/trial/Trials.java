package dev.primetime.trial;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** API records of the trial endpoints. */
final class Trials {
    private Trials() {}

    @Schema(name = "CreateTrial")
    record CreateTrial(
            String name,
            String platform,

            @Schema(description = "Defaults to the platform's default content type")
            String contentType,

            @Schema(description = "2 to 6 variants with distinct labels")
            List<VariantRequest> variants,

            @Schema(
                    description = "engagement_rate (interactions per impression, Beta–Binomial) or a count"
                            + " (views, impressions, likes, comments, shares, saves, clicks, watch_time_seconds;"
                            + " log-normal)")
            String metric,

            @Schema(
                    allowableValues = {"thompson", "uniform"},
                    description = "Defaults to thompson")
            String allocation,

            @Schema(description = "Observed posts every variant needs before a winner is declared; default 10")
            Integer minPostsPerVariant,

            @Schema(description = "Smallest relative lift worth declaring a winner for, in (0, 1]; default 0.05")
            Double minLift,

            @Schema(description = "Seed of the Monte Carlo and of Thompson sampling; default from the trial id")
            Long seed) {}

    @Schema(name = "TrialVariantRequest")
    record VariantRequest(String label, List<WeeklySlot> weeklySlots) {}

    @Schema(
            name = "WeeklySlot",
            description = "A local weekly posting time, e.g. {\"day\": \"tue\", \"time\": \"18:00\"}")
    record WeeklySlot(String day, String time) {}

    @Schema(name = "AssignToTrial", description = "Posts to place: schedule items and/or content ids; 1 to 500")
    record AssignRequest(List<String> itemIds, List<String> contentIds) {}

    record Assignment(UUID itemId, String contentId, String variant, List<WeeklySlot> weeklySlots, boolean existing) {}

    record AssignResponse(UUID trialId, List<Assignment> assignments) {}

    record VariantView(
            String label,
            List<WeeklySlot> weeklySlots,
            int postsAssigned,
            int postsObserved,

            @Schema(description = "Posterior mean of the metric")
            double mean,

            @JsonProperty("interval_95") @Schema(description = "95% posterior interval of the metric, [low, high]")
            List<Double> interval95,

            double probabilityBest,

            @Schema(description = "Probability of beating every other variant by at least min_lift")
            double probabilityBestByMinLift) {}

    record TrialView(
            UUID id,
            String name,
            String platform,
            String contentType,
            TrialMetric metric,
            Allocation allocation,
            TrialStatus status,
            int minPostsPerVariant,
            double minLift,
            List<VariantView> variants,

            @Schema(
                    description = "Posterior sd of the log ratio of the two leading variants; a winner needs it"
                            + " ≤ log(1 + min_lift) / 1.5")
            double leadingLiftSd,

            String winner,
            OffsetDateTime createdAt,
            OffsetDateTime endedAt) {}
}
