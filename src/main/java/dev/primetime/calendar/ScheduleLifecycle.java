package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleEvents.Event;
import dev.primetime.calendar.ScheduleViews.ScheduleView;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A schedule's way through its states ({@link ScheduleStatus}): start and cancel, the moves every change and every
 * optimization run make inside their transaction, and settling (a running schedule completes by itself). Each move
 * is checked against the state machine and logged; the schedule row is locked first, as by every change.
 */
@Component
class ScheduleLifecycle {
    private final TenantTransactions transactions;
    private final CalendarStore store;
    private final ItemStore items;
    private final ScheduleEvents events;
    private final CalendarViews views;
    private final Clock clock;

    ScheduleLifecycle(
            TenantTransactions transactions,
            CalendarStore store,
            ItemStore items,
            ScheduleEvents events,
            CalendarViews views,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.items = items;
        this.events = events;
        this.views = views;
        this.clock = clock;
    }

    ScheduleView start(Caller caller, String id) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lock(jdbc, scheduleId);
            // Only pending starts: optimizing → running is how a run hands a started schedule back, not a start.
            if (row.status() != ScheduleStatus.PENDING) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION,
                        "cannot move schedule from " + row.status() + " to " + ScheduleStatus.RUNNING
                                + ": only a pending schedule starts");
            }
            if (row.itemCount() == 0) {
                throw ApiException.conflict("schedule has no items to run");
            }
            moveSchedule(jdbc, row, ScheduleStatus.RUNNING, null, now);
            commitItems(jdbc, row, List.of(ItemStatus.PENDING), ItemStatus.SCHEDULED, true, now);
            settle(jdbc, scheduleId, now);
            return views.fullView(scheduleId);
        });
    }

    ScheduleView cancel(Caller caller, String id) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lock(jdbc, scheduleId);
            requireTransition(row.status(), ScheduleStatus.CANCELING);
            moveSchedule(jdbc, row, ScheduleStatus.CANCELING, null, now);
            // An optimization run still in flight settles the cancel when it ends; otherwise nothing is in flight.
            if (row.status() != ScheduleStatus.OPTIMIZING) {
                finishCancel(jdbc, scheduleId, now);
            }
            return views.fullView(scheduleId);
        });
    }

    void finishCancel(JdbcClient jdbc, UUID scheduleId, Instant now) {
        ScheduleRow canceling = lock(jdbc, scheduleId);
        commitItems(jdbc, canceling, List.of(ItemStatus.PENDING, ItemStatus.SCHEDULED), ItemStatus.SKIPPED, false, now);
        moveSchedule(jdbc, canceling, ScheduleStatus.CANCELED, null, now);
    }

    /** Running schedules complete by themselves: completing once nothing is left to dispatch, completed once all is final. */
    void settle(JdbcClient jdbc, UUID scheduleId, Instant now) {
        settle(jdbc, lock(jdbc, scheduleId), now);
    }

    /** {@link #settle(JdbcClient, UUID, Instant)} for a schedule this transaction has locked and read as it is. */
    void settle(JdbcClient jdbc, ScheduleRow row, Instant now) {
        UUID scheduleId = row.id();
        if (row.status() != ScheduleStatus.RUNNING && row.status() != ScheduleStatus.COMPLETING) {
            return;
        }
        Map<ItemStatus, Integer> counts = items.itemCounts(jdbc, scheduleId);
        int open = counts.get(ItemStatus.PENDING) + counts.get(ItemStatus.SCHEDULED);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0 && open == 0) {
            moveSchedule(jdbc, row, ScheduleStatus.COMPLETED, null, now);
        } else if (row.status() == ScheduleStatus.RUNNING
                && total > 0
                && counts.get(ItemStatus.PENDING) == 0
                && !items.anyDueLater(jdbc, scheduleId, now)) {
            moveSchedule(jdbc, row, ScheduleStatus.COMPLETING, null, now);
        }
    }

    private void commitItems(
            JdbcClient jdbc, ScheduleRow row, List<ItemStatus> from, ItemStatus to, boolean onlyTimed, Instant now) {
        List<UUID> moved = items.moveItems(jdbc, row.id(), from, to, onlyTimed, now);
        if (moved.isEmpty()) {
            return;
        }
        ZoneId zone = ZoneId.of(row.timezone());
        List<Event> log = new ArrayList<>();
        Map<UUID, ItemRow> changed = items.items(jdbc, row.id(), moved);
        for (UUID itemId : moved) {
            log.add(new Event(
                    ScheduleEvents.ITEM_STATUS_CHANGED, row.id(), itemId, views.itemView(changed.get(itemId), zone)));
        }
        events.append(log, now);
    }

    void moveSchedule(JdbcClient jdbc, ScheduleRow row, ScheduleStatus target, ScheduleStatus before, Instant now) {
        requireTransition(row.status(), target);
        store.updateStatus(jdbc, row.id(), target, before, now);
        ScheduleView view = views.view(store.schedule(jdbc, row.id(), false).orElseThrow());
        events.append(
                new Event(
                        ScheduleEvents.SCHEDULE_STATUS_CHANGED,
                        row.id(),
                        null,
                        Map.of("from", row.status().id(), "to", target.id(), "schedule", view)),
                now);
    }

    static void requireTransition(ScheduleStatus from, ScheduleStatus to) {
        if (!from.canMoveTo(to)) {
            throw new ApiException(
                    ErrorCode.INVALID_STATE_TRANSITION, "cannot move schedule from " + from + " to " + to);
        }
    }

    static void requireEditable(ScheduleRow row) {
        if (row.status().isTerminal()) {
            throw ApiException.conflict("schedule is " + row.status() + "; a finished schedule can no longer change");
        }
    }

    /** Locks the schedule for the rest of the transaction: every change of a schedule or its items locks it first. */
    ScheduleRow lock(JdbcClient jdbc, UUID id) {
        return store.schedule(jdbc, id, true).orElseThrow(CalendarIds::scheduleNotFound);
    }
}
