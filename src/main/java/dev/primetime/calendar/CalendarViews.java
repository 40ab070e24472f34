package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleViews.ItemView;
import dev.primetime.calendar.ScheduleViews.ScheduleView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules and items as the API shows them (and the event log records them): rows turned into
 * {@link ScheduleViews}, times in the schedule's zone, metadata as JSON objects.
 */
@Component
class CalendarViews {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final CalendarStore store;
    private final JsonMapper json;

    CalendarViews(CalendarStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The schedule with its items, read in the ongoing transaction. */
    ScheduleView fullView(UUID id) {
        return fullView(store.scheduleWithItems(id).orElseThrow(CalendarIds::scheduleNotFound));
    }

    ScheduleView fullView(CalendarStore.ScheduleWithItems found) {
        ZoneId zone = ZoneId.of(found.schedule().timezone());
        return view(found.schedule())
                .withItems(found.items().stream().map(i -> itemView(i, zone)).toList());
    }

    ScheduleView view(ScheduleRow row) {
        return new ScheduleView(
                row.id(),
                row.title(),
                row.description(),
                row.timezone(),
                row.status(),
                json.readValue(row.metadataJson(), MAP),
                row.videoJobId(),
                row.bulkJobId(),
                row.itemCount(),
                row.version(),
                row.createdAt(),
                row.updatedAt(),
                null);
    }

    ItemView itemView(ItemRow row, ZoneId zone) {
        return new ItemView(
                row.id(),
                row.scheduleId(),
                row.contentId(),
                row.platform(),
                row.contentType(),
                local(row.scheduledTime(), zone),
                local(row.earliestTime(), zone),
                local(row.latestTime(), zone),
                row.priority(),
                row.pinned(),
                row.status(),
                json.readValue(row.metadataJson(), MAP),
                row.externalPostId(),
                row.externalUrl(),
                row.error(),
                row.version(),
                row.createdAt(),
                row.updatedAt(),
                row.placement(),
                row.placementReason(),
                row.seriesId());
    }

    private static OffsetDateTime local(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
