package dev.primetime.optimization.solver;

import dev.primetime.platform.Platform;

/**
 * Solver model: one platform's limits for a run. {@code Integer.MAX_VALUE} means no cap.
 *
 * @param idealSpacingMinutes posts closer than this tire the audience (soft); at least {@code minGapMinutes}
 */
public record PlatformRules(
        Platform platform, int minGapMinutes, int maxPerDay, int maxPerWeek, int idealSpacingMinutes) {}
