package dev.primetime.idempotency;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_keys} table, each method in a committed tenant transaction of its own: a claim must be
 * visible to a concurrent duplicate before the request runs, and the answer must stay when the request's own work
 * rolls back.
 */
@Component
class IdempotencyStore {
    private final TenantTransactions transactions;

    IdempotencyStore(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /** What an earlier request with the key left: its hash and, once it ended, its answer (status null: running). */
    record Stored(String requestHash, Integer status, String body) {}

    /**
     * Claims {@code key} for this request, after forgetting an expired one and abandoning a claim older than {@code
     * inFlightTimeout} that never got its response (the instance died mid-request), so the key does not stay stuck.
     *
     * @return empty when this request holds the key now; else what the request that holds it left
     */
    Optional<Stored> claim(
            Caller caller,
            String key,
            String method,
            String path,
            String hash,
            Instant now,
            Duration retention,
            Duration inFlightTimeout) {
        return transactions.write(caller, jdbc -> {
            jdbc.sql("DELETE FROM idempotency_keys WHERE idempotency_key = ? AND (expires_at <= ?"
                            + " OR (response_status IS NULL AND created_at <= ?))")
                    .params(
                            key,
                            now.atOffset(ZoneOffset.UTC),
                            now.minus(inFlightTimeout).atOffset(ZoneOffset.UTC))
                    .update();
            int claimed = jdbc.sql("""
                            INSERT INTO idempotency_keys (idempotency_key, method, path, request_hash, created_at, expires_at)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                            """)
                    .params(
                            key,
                            method,
                            path,
                            hash,
                            now.atOffset(ZoneOffset.UTC),
                            now.plus(retention).atOffset(ZoneOffset.UTC))
                    .update();
            if (claimed == 1) {
                return Optional.<Stored>empty();
            }
            return jdbc.sql(
                            "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE idempotency_key = ?")
                    .param(key)
                    .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)))
                    .optional();
        });
    }

    /** Keeps the request's answer for replays. */
    void answer(Caller caller, String key, int status, String body) {
        transactions.write(
                caller,
                jdbc -> jdbc.sql(
                                "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE idempotency_key = ?")
                        .params(status, body, key)
                        .update());
    }

    /** Gives the key back, so the client's retry runs again. */
    void release(Caller caller, String key) {
        transactions.write(
                caller,
                jdbc -> jdbc.sql("DELETE FROM idempotency_keys WHERE idempotency_key = ?")
                        .param(key)
                        .update());
    }
}
