package dev.primetime.optimization;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the optimization endpoints answer: a run's outcome and its resource. */
final class OptimizationViews {
    private OptimizationViews() {}

    /**
     * The answer to an optimization run. Objective values are weighted expected engagement (1.0 = the platform prior's
     * best hour for a default-priority item) less audience fatigue, summed over the moved-or-movable items.
     *
     * @param status {@code completed}, or {@code partial} when a cancel with {@code apply_partial=true} wrote the best
     *     schedule found until then
     * @param upperBound no placement that satisfies the constraints can score more than this
     * @param gapPct how far {@code objective.after} may be from the best possible, in percent of the bound
     */
    record OptimizeResponse(
            UUID scheduleId,
            String status,
            Objective objective,
            double upperBound,
            double gapPct,
            long solveMs,
            long firstFeasibleMs,
            List<Move> moves,
            List<UUID> unassigned) {

        /** The same answer with another status ({@code partial}: written by a cancel with apply_partial). */
        OptimizeResponse withStatus(String newStatus) {
            return new OptimizeResponse(
                    scheduleId, newStatus, objective, upperBound, gapPct, solveMs, firstFeasibleMs, moves, unassigned);
        }

        record Objective(double before, double after, double improvementPct) {}

        record Move(
                UUID itemId,
                OffsetDateTime from,
                OffsetDateTime to,
                Double expectedEngagementBefore,
                double expectedEngagementAfter) {}
    }

    /**
     * The resource of an optimization run answered with 202: {@code GET /api/v1/scheduling/optimize/{run_id}}.
     *
     * @param bestObjective the objective of the best schedule found so far (null until the solver reports one)
     * @param applyPartial set once a cancel asked for it: whether the best schedule so far is written
     * @param result the body a synchronous run answers with, once the run has ended and written its times (also for a
     *     cancel with {@code apply_partial=true}, with status {@code partial})
     * @param error why the run ended without writing anything, in the API's error shape
     */
    record RunView(
            UUID runId,
            UUID scheduleId,
            RunStatus status,
            long timeLimitMs,
            double objectiveBefore,
            Double bestObjective,
            String bestScore,
            Boolean applyPartial,
            OffsetDateTime startedAt,
            OffsetDateTime cancelRequestedAt,
            OffsetDateTime finishedAt,
            JsonNode result,
            JsonNode error) {

        static RunView of(RunRow row, JsonMapper json) {
            return new RunView(
                    row.id(),
                    row.scheduleId(),
                    row.status(),
                    row.timeLimitMs(),
                    row.objectiveBefore(),
                    row.bestObjective(),
                    row.bestScore(),
                    row.applyPartial(),
                    utc(row.startedAt()),
                    utc(row.cancelRequestedAt()),
                    utc(row.finishedAt()),
                    row.result() == null ? null : json.readTree(row.result()),
                    row.error() == null ? null : json.readTree(row.error()));
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
    }
}
