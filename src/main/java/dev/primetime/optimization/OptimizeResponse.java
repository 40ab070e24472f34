package dev.primetime.optimization;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

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
