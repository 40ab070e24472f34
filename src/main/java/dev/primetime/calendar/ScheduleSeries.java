package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleEvents.Event;
import dev.primetime.calendar.ScheduleViews.ItemView;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A recurring series' occurrences in one schedule ({@code /calendar/{id}/series/{series_id}}): changing or deleting
 * the pending ones, each change one tenant transaction that locks the schedule, logs and settles it as any other.
 */
@Component
class ScheduleSeries {
    private final TenantTransactions transactions;
    private final CalendarStore schedules;
    private final ItemStore items;
    private final ScheduleEvents events;
    private final ScheduleValidation validation;
    private final ScheduleLifecycle lifecycle;
    private final CalendarViews views;
    private final Clock clock;

    ScheduleSeries(
            TenantTransactions transactions,
            CalendarStore schedules,
            ItemStore items,
            ScheduleEvents events,
            ScheduleValidation validation,
            ScheduleLifecycle lifecycle,
            CalendarViews views,
            Clock clock) {
        this.transactions = transactions;
        this.schedules = schedules;
        this.items = items;
        this.events = events;
        this.validation = validation;
        this.lifecycle = lifecycle;
        this.views = views;
        this.clock = clock;
    }

    /**
     * Changes every pending occurrence of a series still ahead (time of day in the schedule's zone, priority,
     * metadata); occurrences that are scheduled, published, skipped or failed, or already due, stay as they are.
     */
    List<ItemView> update(Caller caller, String id, String seriesId, ScheduleRequests.UpdateSeries request) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        UUID series = CalendarIds.seriesId(seriesId);
        ScheduleValidation.SeriesChanges changes = validation.changes(request);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lifecycle.lock(jdbc, scheduleId);
            ScheduleLifecycle.requireEditable(schedule);
            ZoneId zone = ZoneId.of(schedule.timezone());
            List<ItemRow> occurrences = items.seriesItems(jdbc, scheduleId, series);
            if (occurrences.isEmpty()) {
                throw CalendarIds.seriesNotFound();
            }
            List<ItemView> changed = new ArrayList<>();
            List<Event> log = new ArrayList<>();
            for (ItemRow current : occurrences) {
                if (current.status() != ItemStatus.PENDING
                        || current.scheduledTime() == null
                        || !current.scheduledTime().isAfter(now)) {
                    continue;
                }
                Instant time = changes.timeOfDay() == null
                        ? current.scheduledTime()
                        : ZonedDateTime.of(
                                        current.scheduledTime().atZone(zone).toLocalDate(), changes.timeOfDay(), zone)
                                .toInstant();
                if (!time.isAfter(now)) {
                    continue; // today's occurrence moved to a time already passed stays where it was
                }
                ItemRow next = current.changed(
                        time,
                        current.status(),
                        changes.priority() == null ? current.priority() : changes.priority(),
                        current.pinned(),
                        changes.metadataJson() == null ? current.metadataJson() : changes.metadataJson(),
                        current.externalPostId(),
                        current.externalUrl(),
                        current.error(),
                        now);
                ItemView view = views.itemView(items.updateItem(jdbc, next, now), zone);
                changed.add(view);
                log.add(new Event(ScheduleEvents.ITEM_UPDATED, scheduleId, current.id(), view));
            }
            events.append(log, now);
            return changed;
        });
    }

    /** Deletes every pending occurrence of a series; the others stay. Returns how many went. */
    int delete(Caller caller, String id, String seriesId) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        UUID series = CalendarIds.seriesId(seriesId);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lifecycle.lock(jdbc, scheduleId);
            ScheduleLifecycle.requireEditable(schedule);
            List<ItemRow> occurrences = items.seriesItems(jdbc, scheduleId, series);
            if (occurrences.isEmpty()) {
                throw CalendarIds.seriesNotFound();
            }
            List<Event> log = new ArrayList<>();
            for (ItemRow current : occurrences) {
                if (current.status() == ItemStatus.PENDING) {
                    items.deleteItem(jdbc, current.id());
                    log.add(new Event(
                            ScheduleEvents.ITEM_DELETED,
                            scheduleId,
                            current.id(),
                            Map.of("id", current.id(), "schedule_id", scheduleId, "series_id", series)));
                }
            }
            if (!log.isEmpty()) {
                schedules.touch(jdbc, scheduleId, now);
                events.append(log, now);
                lifecycle.settle(jdbc, scheduleId, now);
            }
            return log.size();
        });
    }
}
