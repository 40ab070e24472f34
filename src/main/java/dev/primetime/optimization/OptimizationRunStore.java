package dev.primetime.optimization;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code optimization_runs} table. Every method takes the tenant transaction's {@link JdbcClient}, so row level
 * security scopes it: another tenant's run is simply not found.
 */
@Component
class OptimizationRunStore {
    void insert(JdbcClient jdbc, UUID id, UUID scheduleId, long timeLimitMs, double objectiveBefore, Instant now) {
        jdbc.sql("""
                        INSERT INTO optimization_runs (id, schedule_id, status, time_limit_ms, objective_before,
                            started_at, updated_at)
                        VALUES (?, ?, 'running', ?, ?, ?, ?)
                        """)
                .params(id, scheduleId, timeLimitMs, objectiveBefore, utc(now), utc(now))
                .update();
    }

    Optional<RunRow> find(JdbcClient jdbc, UUID id, boolean lock) {
        return jdbc.sql("SELECT * FROM optimization_runs WHERE id = ?" + (lock ? " FOR UPDATE" : ""))
                .param(id)
                .query((rs, n) -> new RunRow(
                        rs.getObject("id", UUID.class),
                        rs.getObject("schedule_id", UUID.class),
                        RunStatus.find(rs.getString("status")).orElseThrow(),
                        rs.getLong("time_limit_ms"),
                        rs.getDouble("objective_before"),
                        rs.getString("best_score"),
                        (Double) rs.getObject("best_objective"),
                        instant(rs.getObject("cancel_requested_at", OffsetDateTime.class)),
                        (Boolean) rs.getObject("apply_partial"),
                        rs.getString("result"),
                        rs.getString("error"),
                        instant(rs.getObject("started_at", OffsetDateTime.class)),
                        instant(rs.getObject("finished_at", OffsetDateTime.class))))
                .optional();
    }

    /** The best solution so far got better; a finished run is left alone. */
    void progress(JdbcClient jdbc, UUID id, String score, double objective, Instant now) {
        jdbc.sql("""
                        UPDATE optimization_runs SET best_score = ?, best_objective = ?, updated_at = ?
                        WHERE id = ? AND status = 'running'
                        """).params(score, objective, utc(now), id).update();
    }

    /** Records a cancel; the first one decides {@code apply_partial}. */
    void requestCancel(JdbcClient jdbc, UUID id, boolean applyPartial, Instant now) {
        jdbc.sql("""
                        UPDATE optimization_runs SET cancel_requested_at = ?, apply_partial = ?, updated_at = ?
                        WHERE id = ? AND status = 'running' AND cancel_requested_at IS NULL
                        """).params(utc(now), applyPartial, utc(now), id).update();
    }

    void finish(JdbcClient jdbc, RunRow row, RunStatus to, String resultJson, String errorJson, Instant now) {
        if (!row.status().canMoveTo(to)) {
            throw new IllegalStateException("run " + row.id() + " cannot move from " + row.status() + " to " + to);
        }
        jdbc.sql("""
                        UPDATE optimization_runs SET status = ?, result = ?::jsonb, error = ?::jsonb, updated_at = ?,
                            finished_at = ?
                        WHERE id = ?
                        """)
                .params(to.id(), resultJson, errorJson, utc(now), utc(now), row.id())
                .update();
    }

    /** Marks that this instance still holds these runs (queued or solving), so no sweep takes them as abandoned. */
    void keepAlive(JdbcClient jdbc, UUID id, Instant now) {
        jdbc.sql("UPDATE optimization_runs SET updated_at = ? WHERE id = ? AND status = 'running'")
                .params(utc(now), id)
                .update();
    }

    /**
     * Ends the schedule's running runs after their instance stopped, as a live run would have ended: {@code canceled}
     * when it was canceled (the sweep finished a cancel of the schedule: {@code to} is canceled; or a DELETE had
     * asked to cancel the run), else {@code to}; with the error body given (nothing was moved).
     */
    void endRunning(JdbcClient jdbc, UUID scheduleId, RunStatus to, String errorJson, Instant now) {
        if (!RunStatus.RUNNING.canMoveTo(to)) {
            throw new IllegalArgumentException("a running run cannot end " + to);
        }
        jdbc.sql("""
                        UPDATE optimization_runs
                        SET status = CASE WHEN cancel_requested_at IS NOT NULL THEN 'canceled' ELSE ? END,
                            error = ?::jsonb, updated_at = ?, finished_at = ?
                        WHERE schedule_id = ? AND status = 'running'
                        """).params(to.id(), errorJson, utc(now), utc(now), scheduleId).update();
    }

    /**
     * The schedules, across tenants (as the worker, which sees only running runs' ids and times), whose running run
     * an instance has kept fresh since {@code since}: their instance is alive.
     */
    java.util.Set<UUID> schedulesWithLiveRuns(JdbcClient jdbc, Instant since) {
        return new java.util.HashSet<>(
                jdbc.sql("""
                        SELECT DISTINCT schedule_id FROM optimization_runs WHERE status = 'running' AND updated_at >= ?
                        """).param(utc(since)).query(UUID.class).list());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
