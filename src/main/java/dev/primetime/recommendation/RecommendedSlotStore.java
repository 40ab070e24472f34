package dev.primetime.recommendation;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of {@code recommended_schedule_slots}: the slots a request was served, accepting one, and the retention's
 * delete. Statements run in a tenant transaction (or, for the retention, the worker's across tenants), so row level
 * security scopes them.
 */
@Component
class RecommendedSlotStore {
    private final TenantTransactions transactions;

    RecommendedSlotStore(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /** One served slot as it is stored; {@code slotTime} is an instant's ISO text. */
    record ServedSlot(
            UUID id,
            String platform,
            String contentType,
            String slotTime,
            Double score,
            Double confidence,
            String reason,
            Double expected,
            String zone) {}

    /** A stored slot as accepting reads it. */
    record StoredSlot(String platform, String contentType, Instant slotTime, UUID acceptedItem) {}

    /**
     * Stores a request's slots: one statement for all of them, with the caller's claims in one round trip, committed
     * when it has run.
     */
    void serve(Caller caller, List<ServedSlot> slots, String basis, String version, Instant now) {
        int n = slots.size();
        UUID[] idArray = new UUID[n];
        String[] platformIds = new String[n];
        String[] contentTypes = new String[n];
        String[] times = new String[n];
        Double[] scores = new Double[n];
        Double[] confidences = new Double[n];
        String[] reasons = new String[n];
        Double[] expected = new Double[n];
        String[] zones = new String[n];
        for (int i = 0; i < n; i++) {
            ServedSlot s = slots.get(i);
            idArray[i] = s.id();
            platformIds[i] = s.platform();
            contentTypes[i] = s.contentType();
            times[i] = s.slotTime();
            scores[i] = s.score();
            confidences[i] = s.confidence();
            reasons[i] = s.reason();
            expected[i] = s.expected();
            zones[i] = s.zone();
        }
        // A served recommendation is cheap to lose and is written on every GET, so its commit does not wait for the
        // WAL flush (asynchronous commit, read at commit time: a crash can forget the last fraction of a second of
        // them, never corrupt anything, and accepting a forgotten id is a 404 the client answers by asking again).
        transactions.inOneRoundTrip(
                caller,
                """
                WITH durability AS (SELECT set_config('synchronous_commit', 'off', true))
                INSERT INTO recommended_schedule_slots (id, platform, content_type, slot_time, timezone, score,
                    confidence, reason, generated_at, expires_at, expected_engagement, basis, model_version)
                SELECT s.id, s.platform, s.content_type, s.slot_time::timestamptz, s.zone, s.score, s.confidence,
                       s.reason, ?, s.slot_time::timestamptz, s.expected, ?, ?
                FROM durability, unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[],
                                        ?::text[], ?::float8[], ?::text[])
                    AS s(id, platform, content_type, slot_time, score, confidence, reason, expected, zone)
                """,
                new Object[] {
                    utc(now),
                    basis,
                    version,
                    idArray,
                    platformIds,
                    contentTypes,
                    times,
                    scores,
                    confidences,
                    reasons,
                    expected,
                    zones
                },
                statement -> statement.getUpdateCount());
    }

    /** The slot, locked until the transaction ends, so it is accepted at most once. */
    Optional<StoredSlot> lockForAccept(JdbcClient jdbc, UUID id) {
        return jdbc.sql("SELECT platform, content_type, slot_time, accepted_item_id FROM recommended_schedule_slots"
                        + " WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> new StoredSlot(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, UUID.class)))
                .optional();
    }

    void accepted(JdbcClient jdbc, UUID id, UUID itemId, Instant now) {
        jdbc.sql("UPDATE recommended_schedule_slots SET accepted_item_id = ?, accepted_at = ? WHERE id = ?")
                .params(itemId, utc(now), id)
                .update();
    }

    /** Deletes up to {@code batch} slots that passed before {@code cutoff} and were never accepted. */
    int deletePassed(JdbcClient jdbc, Instant cutoff, int batch) {
        return jdbc.sql("""
                        DELETE FROM recommended_schedule_slots WHERE id IN (
                            SELECT id FROM recommended_schedule_slots
                            WHERE expires_at < ? AND accepted_item_id IS NULL LIMIT ?)
                        """).params(utc(cutoff), batch).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
