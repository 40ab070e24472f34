package dev.primetime.trial;

import dev.primetime.platform.Platform;
import dev.primetime.trial.TrialRequests.VariantRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * All trial SQL: {@code optimization_trials} and {@code optimization_trial_assignments}. Every method runs in the
 * caller's transaction ({@code jdbc} of {@link dev.primetime.tenancy.TenantTransactions}), so the service decides
 * what is one unit of work.
 */
@Component
class TrialStore {
    private final JsonMapper json;

    TrialStore(JsonMapper json) {
        this.json = json;
    }

    /** A trial as stored. */
    record TrialRow(
            UUID id,
            String name,
            Platform platform,
            String contentType,
            TrialMetric metric,
            Allocation allocation,
            TrialStatus status,
            int minPostsPerVariant,
            double minLift,
            long seed,
            List<VariantRequest> variants,
            String winner,
            Instant createdAt,
            Instant endedAt) {}

    /** One post placed into a variant: a schedule item or a content id. */
    record StoredAssignment(UUID id, String variant, UUID itemId, String contentId) {
        /** The post's key, unique within its trial. */
        String key() {
            return itemId != null ? "item:" + itemId : "content:" + contentId;
        }
    }

    void insert(JdbcClient jdbc, UUID id, TrialValidation.NewTrial trial, long seed, Instant now) {
        jdbc.sql("""
                        INSERT INTO optimization_trials (id, name, status, metric, variants, platform, content_type,
                            allocation, min_posts_per_variant, min_lift, seed, started_at, created_at, updated_at)
                        VALUES (?, ?, 'running', ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        trial.name(),
                        trial.metric().id(),
                        json.writeValueAsString(trial.variants()),
                        trial.platform().id(),
                        trial.contentType(),
                        trial.allocation().id(),
                        trial.minPostsPerVariant(),
                        trial.minLift(),
                        seed,
                        at(now),
                        at(now),
                        at(now))
                .update();
    }

    Optional<TrialRow> find(JdbcClient jdbc, UUID id, boolean lock) {
        return jdbc.sql("""
                        SELECT id, name, platform, content_type, metric, allocation, status, min_posts_per_variant, min_lift,
                               seed, variants::text AS variants, winner, created_at, ended_at
                        FROM optimization_trials WHERE id = ?
                        """ + (lock ? " FOR UPDATE" : ""))
                .param(id)
                .query((rs, n) -> new TrialRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        Platform.of(rs.getString("platform")),
                        rs.getString("content_type"),
                        TrialMetric.find(rs.getString("metric")).orElseThrow(),
                        Allocation.find(rs.getString("allocation")).orElseThrow(),
                        TrialStatus.find(rs.getString("status")).orElseThrow(),
                        rs.getInt("min_posts_per_variant"),
                        rs.getDouble("min_lift"),
                        rs.getLong("seed"),
                        json.readValue(rs.getString("variants"), new TypeReference<List<VariantRequest>>() {}),
                        rs.getString("winner"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("ended_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .optional();
    }

    /** The tenant's running trials, locked until the transaction ends. */
    List<UUID> lockRunning(JdbcClient jdbc) {
        return jdbc.sql("SELECT id FROM optimization_trials WHERE status = 'running' FOR UPDATE")
                .query(UUID.class)
                .list();
    }

    void stop(JdbcClient jdbc, UUID id, Instant now) {
        jdbc.sql("UPDATE optimization_trials SET status = 'stopped', ended_at = ?, updated_at = ? WHERE id = ?")
                .params(at(now), at(now), id)
                .update();
    }

    /** Records a winner; guarded by status: when another evaluation concluded first, its row is the answer. */
    void conclude(JdbcClient jdbc, UUID id, String winner, Object results, Instant now) {
        jdbc.sql("""
                        UPDATE optimization_trials SET status = 'concluded', winner = ?, results = ?::jsonb, ended_at = ?,
                            updated_at = ?
                        WHERE id = ? AND status = 'running'
                        """)
                .params(winner, json.writeValueAsString(results), at(now), at(now), id)
                .update();
    }

    /** The trial's posts, by variant, then by assignment id (the order their observations are folded in). */
    List<StoredAssignment> assignments(JdbcClient jdbc, UUID trialId) {
        return jdbc.sql("""
                        SELECT id, variant, item_id, content_id FROM optimization_trial_assignments
                        WHERE trial_id = ? ORDER BY variant, id
                        """)
                .param(trialId)
                .query((rs, n) -> new StoredAssignment(
                        rs.getObject("id", UUID.class),
                        rs.getString("variant"),
                        rs.getObject("item_id", UUID.class),
                        rs.getString("content_id")))
                .list();
    }

    Map<String, Integer> assignedPerVariant(JdbcClient jdbc, UUID trialId) {
        Map<String, Integer> assigned = new HashMap<>();
        jdbc.sql("SELECT variant, count(*) AS n FROM optimization_trial_assignments WHERE trial_id = ? GROUP BY 1")
                .param(trialId)
                .query(rs -> {
                    assigned.put(rs.getString("variant"), rs.getInt("n"));
                });
        return assigned;
    }

    void assign(JdbcClient jdbc, UUID trialId, String variant, UUID itemId, String contentId, Instant now) {
        jdbc.sql("""
                        INSERT INTO optimization_trial_assignments (trial_id, variant, item_id, content_id, assigned_at)
                        VALUES (?, ?, ?, ?, ?)
                        """).params(trialId, variant, itemId, contentId, at(now)).update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
