package dev.primetime.calendar;

import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
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
    private final ScheduleEventStore store;

    ScheduleEventFeed(TenantTransactions transactions, ScheduleEventStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    /** One logged change; {@code dataJson} is the payload exactly as it was logged. */
    public record LoggedEvent(
            long eventId, String type, UUID scheduleId, UUID itemId, Instant occurredAt, String dataJson) {}

    /** The caller's events numbered above {@code afterEventId}, oldest first, at most {@code limit}. */
    public List<LoggedEvent> after(Caller caller, long afterEventId, int limit) {
        return transactions.read(caller, jdbc -> store.after(jdbc, caller.tenantId(), afterEventId, limit));
    }

    /**
     * What a socket needs to start, in one transaction and one query: the number of the caller's latest event, or
     * empty when {@code scheduleId} (if given) is not the caller's. A socket handshake is otherwise several
     * transactions, and a reconnect storm multiplies each one by every client.
     */
    public OptionalLong lastEventIdIfVisible(Caller caller, UUID scheduleId) {
        return transactions.read(caller, jdbc -> store.lastEventIdIfVisible(jdbc, caller.tenantId(), scheduleId));
    }

    /** Whether the schedule exists and is the caller's (another tenant's looks exactly like a missing one). */
    public boolean scheduleVisible(Caller caller, UUID scheduleId) {
        return transactions.read(caller, jdbc -> store.scheduleVisible(jdbc, scheduleId));
    }

    /** Drops events older than {@code cutoff} for every tenant; the counters keep numbering where they were. */
    public int deleteOlderThan(Instant cutoff) {
        return transactions.acrossTenants(jdbc -> store.deleteOlderThan(jdbc, cutoff));
    }
}
