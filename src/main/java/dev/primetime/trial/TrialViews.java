package dev.primetime.trial;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.primetime.trial.TrialRequests.VariantRequest;
import dev.primetime.trial.TrialRequests.WeeklySlot;
import dev.primetime.trial.TrialStatistics.Evaluation;
import dev.primetime.trial.TrialStore.TrialRow;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the trial endpoints answer, and a trial as the API shows it: each variant's posterior, rounded to six decimals. */
final class TrialViews {
    private TrialViews() {}

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

    static TrialView view(TrialRow row, Evaluation evaluation, Map<String, Integer> assigned) {
        List<VariantView> variants = new ArrayList<>();
        for (int v = 0; v < row.variants().size(); v++) {
            VariantRequest spec = row.variants().get(v);
            var result = evaluation.variants().get(v);
            variants.add(new VariantView(
                    spec.label(),
                    spec.weeklySlots(),
                    assigned.getOrDefault(spec.label(), 0),
                    result.posts(),
                    round(result.mean()),
                    List.of(round(result.lower95()), round(result.upper95())),
                    round(result.probabilityBest()),
                    round(result.probabilityBestByMinLift())));
        }
        return new TrialView(
                row.id(),
                row.name(),
                row.platform().id(),
                row.contentType(),
                row.metric(),
                row.allocation(),
                row.status(),
                row.minPostsPerVariant(),
                row.minLift(),
                variants,
                round(evaluation.liftSd()),
                row.winner(),
                at(row.createdAt()),
                row.endedAt() == null ? null : at(row.endedAt()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
