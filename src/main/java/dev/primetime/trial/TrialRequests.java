package dev.primetime.trial;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What the trial endpoints read (the module's convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class TrialRequests {
    private TrialRequests() {}

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
}
