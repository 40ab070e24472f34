package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarRows.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of dispatching due items ({@link DueItemDispatch}): finding schedules with items due, and claiming those
 * items once across every instance ({@code FOR UPDATE SKIP LOCKED}, then {@code due_emitted_at}). Every method runs
 * in the transaction it is given.
 */
@Component
class DueItemStore {

    /**
     * Schedules, across tenants (in a worker's transaction), running or completing, with items scheduled at or before
     * {@code now} whose {@code item.due} has not gone out. Only ids are read.
     */
    List<DueItemDispatch.DueSchedule> dueSchedules(JdbcClient jdbc, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT DISTINCT i.tenant_id, i.schedule_id FROM content_schedule_items i
                        JOIN content_calendar c ON c.id = i.schedule_id
                        WHERE i.status = 'scheduled' AND i.due_emitted_at IS NULL AND i.scheduled_time <= ?
                          AND c.status IN ('running', 'completing')
                        LIMIT ?
                        """)
                .params(utc(now), limit)
                .query((rs, n) -> new DueItemDispatch.DueSchedule(
                        rs.getString("tenant_id"), rs.getObject("schedule_id", UUID.class)))
                .list();
    }

    /** Locks the schedule if it is running or completing and no other transaction holds it; its id, else empty. */
    Optional<UUID> lockRunningSchedule(JdbcClient jdbc, UUID scheduleId) {
        return jdbc.sql("SELECT id FROM content_calendar WHERE id = ?"
                        + " AND status IN ('running', 'completing') FOR UPDATE SKIP LOCKED")
                .param(scheduleId)
                .query(UUID.class)
                .optional();
    }

    /** Locks up to {@code limit} of the schedule's due items not yet dispatched that no other transaction holds. */
    List<UUID> lockDueItems(JdbcClient jdbc, UUID scheduleId, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM content_schedule_items
                        WHERE schedule_id = ? AND status = 'scheduled' AND due_emitted_at IS NULL AND scheduled_time <= ?
                        ORDER BY scheduled_time, id LIMIT ? FOR UPDATE SKIP LOCKED
                        """)
                .params(scheduleId, utc(now), limit)
                .query(UUID.class)
                .list();
    }

    /** Marks the items' {@code item.due} as gone out at {@code now}. */
    void markDispatched(JdbcClient jdbc, List<UUID> itemIds, Instant now) {
        jdbc.sql("UPDATE content_schedule_items SET due_emitted_at = ? WHERE id = ANY (?)")
                .params(utc(now), itemIds.toArray(UUID[]::new))
                .update();
    }
}
