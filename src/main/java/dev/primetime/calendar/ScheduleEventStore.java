package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarRows.utc;

import java.sql.Array;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of the event log ({@code schedule_events}, {@code tenant_event_counters}): the write at the end of a
 * transaction ({@link ScheduleEvents} says why it is one statement sent with the COMMIT) and the reads of real-time
 * delivery and retention ({@link ScheduleEventFeed}).
 */
@Component
class ScheduleEventStore {
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

    ScheduleEventStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Numbers and inserts a transaction's events, notifies the listeners, and commits the transaction, in one
     * statement sent with the COMMIT on the transaction's connection.
     */
    void writeAndCommit(List<ScheduleEvents.Row> rows) {
        jdbc.execute((Connection connection) -> {
            int n = rows.size();
            Object[] schedules = new Object[n];
            Object[] items = new Object[n];
            String[] types = new String[n];
            String[] payloads = new String[n];
            String[] times = new String[n];
            for (int i = 0; i < n; i++) {
                ScheduleEvents.Row row = rows.get(i);
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

    /** The tenant's events numbered above {@code afterEventId}, oldest first, at most {@code limit}. */
    List<ScheduleEventFeed.LoggedEvent> after(JdbcClient jdbc, String tenantId, long afterEventId, int limit) {
        return jdbc.sql("""
                        SELECT event_id, event_type, schedule_id, item_id, created_at, payload::text AS payload
                        FROM schedule_events WHERE tenant_id = ? AND event_id > ? ORDER BY event_id LIMIT ?
                        """)
                .params(tenantId, afterEventId, limit)
                .query((rs, n) -> new ScheduleEventFeed.LoggedEvent(
                        rs.getLong("event_id"),
                        rs.getString("event_type"),
                        rs.getObject("schedule_id", UUID.class),
                        rs.getObject("item_id", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("payload")))
                .list();
    }

    /** The number of the tenant's latest event, or empty when {@code scheduleId} (if given) is not visible. */
    OptionalLong lastEventIdIfVisible(JdbcClient jdbc, String tenantId, UUID scheduleId) {
        return jdbc.sql("""
                        SELECT (SELECT coalesce(max(last_event_id), 0) FROM tenant_event_counters WHERE tenant_id = ?) AS last,
                               (CAST(? AS uuid) IS NULL OR EXISTS (SELECT 1 FROM content_calendar WHERE id = CAST(? AS uuid))) AS visible
                        """)
                .params(tenantId, scheduleId, scheduleId)
                .query((rs, n) -> rs.getBoolean("visible") ? OptionalLong.of(rs.getLong("last")) : OptionalLong.empty())
                .single();
    }

    /** Whether the schedule is visible to the transaction's tenant. */
    boolean scheduleVisible(JdbcClient jdbc, UUID scheduleId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM content_calendar WHERE id = ?)")
                .param(scheduleId)
                .query(Boolean.class)
                .single();
    }

    /** Drops events older than {@code cutoff} (in a worker's transaction: every tenant's). */
    int deleteOlderThan(JdbcClient jdbc, Instant cutoff) {
        return jdbc.sql("DELETE FROM schedule_events WHERE created_at < ?")
                .param(utc(cutoff))
                .update();
    }
}
