package dev.primetime.optimization;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code optimization_runs}; {@code result} and {@code error} are the stored JSON text. */
record RunRow(
        UUID id,
        UUID scheduleId,
        RunStatus status,
        long timeLimitMs,
        double objectiveBefore,
        String bestScore,
        Double bestObjective,
        Instant cancelRequestedAt,
        Boolean applyPartial,
        String result,
        String error,
        Instant startedAt,
        Instant finishedAt) {}
