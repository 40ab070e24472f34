package dev.primetime.calendar;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Read side of the event log for real-time delivery: a tenant's events in {@code event_id} order (numbered per
 * tenant, without holes, in commit order — see V6), the last number handed out, and whether a schedule is the
 * caller's. Every read runs as the caller, so row level security scopes it.
 */
@Component
public class ScheduleEventFeed {
    private final TenantTransactions transactions;

    ScheduleEventFeed(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /** One logged change; {@code dataJson} is the payload exactly as it was logged. */
    public record LoggedEvent(
            long eventId, String type, UUID scheduleId, UUID itemId, Instant occurredAt, String dataJson) {}

    /** The caller's events numbered above {@code afterEventId}, oldest first, at most {@code limit}. */
    public List<LoggedEvent> after(Caller caller, long afterEventId, int limit) {
        return transactions.read(
                caller,
                jdbc -> jdbc.sql("""
                        SELECT event_id, event_type, schedule_id, item_id, created_at, payload::text AS payload
                        FROM schedule_events WHERE tenant_id = ? AND event_id > ? ORDER BY event_id LIMIT ?
                        """)
                        .params(caller.tenantId(), afterEventId, limit)
                        .query((rs, n) -> new LoggedEvent(
                                rs.getLong("event_id"),
                                rs.getString("event_type"),
                                rs.getObject("schedule_id", UUID.class),
                                rs.getObject("item_id", UUID.class),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                                rs.getString("payload")))
                        .list());
    }

    /**
     * What a socket needs to start, in one transaction and one query: the number of the caller's latest event, or
     * empty when {@code scheduleId} (if given) is not the caller's. A socket handshake is otherwise several
     * transactions, and a reconnect storm multiplies each one by every client.
     */
    public OptionalLong lastEventIdIfVisible(Caller caller, UUID scheduleId) {
        return transactions.read(
                caller,
                jdbc -> jdbc.sql("""
                        SELECT (SELECT coalesce(max(last_event_id), 0) FROM tenant_event_counters WHERE tenant_id = ?) AS last,
                               (CAST(? AS uuid) IS NULL OR EXISTS (SELECT 1 FROM content_calendar WHERE id = CAST(? AS uuid))) AS visible
                        """)
                        .params(caller.tenantId(), scheduleId, scheduleId)
                        .query((rs, n) ->
                                rs.getBoolean("visible") ? OptionalLong.of(rs.getLong("last")) : OptionalLong.empty())
                        .single());
    }

    /** Whether the schedule exists and is the caller's (another tenant's looks exactly like a missing one). */
    public boolean scheduleVisible(Caller caller, UUID scheduleId) {
        return transactions.read(
                caller,
                jdbc -> jdbc.sql("SELECT EXISTS (SELECT 1 FROM content_calendar WHERE id = ?)")
                        .param(scheduleId)
                        .query(Boolean.class)
                        .single());
    }

    /** Drops events older than {@code cutoff} for every tenant; the counters keep numbering where they were. */
    public int deleteOlderThan(Instant cutoff) {
        return transactions.acrossTenants(jdbc -> jdbc.sql("DELETE FROM schedule_events WHERE created_at < ?")
                .param(CalendarStore.utc(cutoff))
                .update());
    }
}
