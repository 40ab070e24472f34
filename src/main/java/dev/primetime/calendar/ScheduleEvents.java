package dev.primetime.calendar;

import java.sql.Array;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to the tenant's event log, inside the transaction that made the change, so an event exists exactly
 * when its change does. A transaction's events are collected and written just before it commits, in one
 * statement that takes the next numbers from the tenant's counter, inserts the rows with them and notifies the
 * listeners (the notification is delivered at commit). Taking the counter last, after every other lock, and
 * holding it until commit makes a tenant's events visible in number order and without holes, with no lock-order
 * risk: a reader that has every event up to N and reads "after N" misses nothing.
 *
 * <p>The statement travels with the transaction's COMMIT, in one round trip: the counter is then held only while
 * the database runs the two, not also while the answer goes back to the service and the service's COMMIT comes
 * back. Under load that wait (a virtual thread waiting for a carrier, a backend for a core) was what the tenant's
 * other writes queued behind. The driver sees the transaction end and makes the transaction manager's own commit
 * a no-op; a failure of either statement fails the commit, and the transaction manager rolls back.
 */
@Component
class ScheduleEvents {
    static final String SCHEDULE_CREATED = "schedule.created";
    static final String SCHEDULE_UPDATED = "schedule.updated";
    static final String SCHEDULE_STATUS_CHANGED = "schedule.status_changed";
    static final String ITEM_CREATED = "item.created";
    static final String ITEM_UPDATED = "item.updated";
    static final String ITEM_STATUS_CHANGED = "item.status_changed";
    static final String ITEM_DELETED = "item.deleted";

    private static final String WRITE = """
            WITH counter AS (
                INSERT INTO tenant_event_counters AS c (tenant_id, last_event_id) VALUES (primetime_tenant_id(), ?)
                ON CONFLICT (tenant_id) DO UPDATE SET last_event_id = c.last_event_id + excluded.last_event_id
                RETURNING c.tenant_id, c.last_event_id),
            logged AS (
                INSERT INTO schedule_events (tenant_id, event_id, schedule_id, item_id, event_type, payload, created_at)
                SELECT counter.tenant_id, counter.last_event_id - ? + e.position, e.schedule_id, e.item_id,
                       e.event_type, e.payload::json, e.created_at::timestamptz
                FROM counter,
                     unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                         AS e(schedule_id, item_id, event_type, payload, created_at, position)
                RETURNING 1)
            SELECT pg_notify('primetime_events', counter.tenant_id || ':' || counter.last_event_id) FROM counter
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ScheduleEvents(DataSource dataSource, JsonMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    record Event(String type, UUID scheduleId, UUID itemId, Object payload) {}

    private record Row(UUID scheduleId, UUID itemId, String type, String payload, Instant at) {}

    void append(List<Event> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("events are appended inside the transaction that makes the change");
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        for (Event e : events) {
            // serialized now: the payload describes the change as it is at this point of the transaction
            pending.rows.add(new Row(e.scheduleId(), e.itemId(), e.type(), json.writeValueAsString(e.payload()), now));
        }
    }

    void append(Event event, Instant now) {
        append(List.of(event), now);
    }

    /** The events of one transaction, written at its end. */
    private final class Pending implements TransactionSynchronization {
        final List<Row> rows = new ArrayList<>();

        // it commits: nothing may run after it in the transaction
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            jdbc.execute((Connection connection) -> {
                int n = rows.size();
                Object[] schedules = new Object[n];
                Object[] items = new Object[n];
                String[] types = new String[n];
                String[] payloads = new String[n];
                String[] times = new String[n];
                for (int i = 0; i < n; i++) {
                    Row row = rows.get(i);
                    schedules[i] = row.scheduleId();
                    items[i] = row.itemId();
                    types[i] = row.type();
                    payloads[i] = row.payload();
                    times[i] = row.at().toString();
                }
                Array scheduleArray = connection.createArrayOf("uuid", schedules);
                Array itemArray = connection.createArrayOf("uuid", items);
                try (var statement = connection.prepareStatement(WRITE + ";\nCOMMIT")) {
                    statement.setLong(1, n);
                    statement.setLong(2, n);
                    statement.setArray(3, scheduleArray);
                    statement.setArray(4, itemArray);
                    statement.setArray(5, connection.createArrayOf("text", types));
                    statement.setArray(6, connection.createArrayOf("text", payloads));
                    statement.setArray(7, connection.createArrayOf("text", times));
                    statement.execute();
                }
                return null;
            });
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ScheduleEvents.this);
        }
    }
}
