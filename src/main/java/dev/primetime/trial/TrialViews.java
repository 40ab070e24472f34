package dev.primetime.trial;

import dev.primetime.trial.TrialStatistics.Evaluation;
import dev.primetime.trial.TrialStore.TrialRow;
import dev.primetime.trial.Trials.TrialView;
import dev.primetime.trial.Trials.VariantRequest;
import dev.primetime.trial.Trials.VariantView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A trial as the API shows it: each variant's posterior, rounded to six decimals. */
final class TrialViews {
    private TrialViews() {}

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
