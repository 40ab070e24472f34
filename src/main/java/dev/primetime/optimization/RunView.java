package dev.primetime.optimization;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
