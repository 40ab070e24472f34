package dev.primetime.calendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to the tenant's event log, inside the transaction that made the change, so an event exists exactly
 * when its change does. Ids come from an identity column and increase with every append.
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

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ScheduleEvents(DataSource dataSource, JsonMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    record Event(String type, UUID scheduleId, UUID itemId, Object payload) {}

    void append(List<Event> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new Object[] {
                e.scheduleId(), e.itemId(), e.type(), json.writeValueAsString(e.payload()), CalendarStore.utc(now)
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO schedule_events (schedule_id, item_id, event_type, payload, created_at) VALUES (?, ?, ?, ?::jsonb, ?)",
                rows,
                new int[] {
                    java.sql.Types.OTHER,
                    java.sql.Types.OTHER,
                    java.sql.Types.VARCHAR,
                    java.sql.Types.VARCHAR,
                    java.sql.Types.TIMESTAMP_WITH_TIMEZONE
                });
    }

    void append(Event event, Instant now) {
        append(List.of(event), now);
    }
}
