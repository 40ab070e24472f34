package dev.primetime.calendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.core.Ordered;
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
 * a no-op; a failure of either statement fails the commit, and the transaction manager rolls back. The statement
 * itself is {@link ScheduleEventStore#writeAndCommit}.
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

    private final ScheduleEventStore store;
    private final JsonMapper json;

    ScheduleEvents(ScheduleEventStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    record Event(String type, UUID scheduleId, UUID itemId, Object payload) {}

    /** An event as it is written: its payload serialized, its time set. */
    record Row(UUID scheduleId, UUID itemId, String type, String payload, Instant at) {}

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
            store.writeAndCommit(rows);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ScheduleEvents.this);
        }
    }
}
