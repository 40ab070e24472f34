package dev.primetime.dispatch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of {@code webhook_deliveries}, the webhook outbox. Each statement runs in the transaction it is given: the
 * claiming transaction's (insert), the worker's across tenants (what is due), or one per tenant as the worker.
 */
@Component
class WebhookDeliveryStore {
    /** A delivery that is due, and whose it is. */
    record Due(UUID id, String tenantId) {}

    /** A delivery whose lease was just taken. */
    record Leased(UUID scheduleId, UUID itemId, String body, int attempts, String lastError) {}

    /** One pending delivery, due at once. */
    void insert(JdbcClient jdbc, UUID id, UUID scheduleId, UUID itemId, String bodyJson, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (id, schedule_id, item_id, body, next_attempt_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(id, scheduleId, itemId, bodyJson, utc(now), utc(now), utc(now))
                .update();
    }

    /** Up to {@code limit} deliveries due now, the longest due first. */
    List<Due> due(JdbcClient jdbc, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id, tenant_id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT ?
                        """)
                .params(utc(now), limit)
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getString("tenant_id")))
                .list();
    }

    /**
     * Takes the lease of a delivery that is still pending and due (attempts + 1, next attempt at {@code until});
     * empty when another instance has it, or it is done.
     */
    Optional<Leased> lease(JdbcClient jdbc, UUID id, Instant until, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
                        WHERE id = (SELECT id FROM webhook_deliveries WHERE id = ? AND state = 'pending'
                                    AND next_attempt_at <= ? FOR UPDATE SKIP LOCKED)
                        RETURNING schedule_id, item_id, body, attempts, last_error
                        """)
                .params(utc(until), utc(now), id, utc(now))
                .query((rs, n) -> new Leased(
                        rs.getObject("schedule_id", UUID.class),
                        rs.getObject("item_id", UUID.class),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        rs.getString("last_error")))
                .optional();
    }

    int delivered(JdbcClient jdbc, UUID id, Instant at) {
        return jdbc.sql(
                        "UPDATE webhook_deliveries SET state = 'delivered', last_error = NULL, updated_at = ? WHERE id = ?")
                .params(utc(at), id)
                .update();
    }

    int retryAt(JdbcClient jdbc, UUID id, Instant next, String error, Instant at) {
        return jdbc.sql(
                        "UPDATE webhook_deliveries SET next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
                .params(utc(next), error, utc(at), id)
                .update();
    }

    int failed(JdbcClient jdbc, UUID id, String error, Instant at) {
        return jdbc.sql("UPDATE webhook_deliveries SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?")
                .params(error, utc(at), id)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
