package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleEvents.Event;
import dev.primetime.platform.Platform;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an optimization run needs from the calendar, and nothing more: a schedule's items with their windows, the
 * {@code pending | running → optimizing → back} lifecycle, the atomic write of new times and the run's events.
 * Every method takes the tenant transaction's {@link JdbcClient}, so row level security scopes it.
 */
@Component
public class ScheduleOptimizationAccess {
    public static final String OPTIMIZATION_STARTED = "optimization.started";
    public static final String OPTIMIZATION_PROGRESS = "optimization.progress";
    public static final String OPTIMIZATION_COMPLETED = "optimization.completed";

    private final CalendarStore store;
    private final ItemStore items;
    private final ScheduleEvents events;
    private final ScheduleLifecycle lifecycle;
    private final CalendarViews views;
    private final dev.primetime.tenancy.TenantTransactions transactions;

    ScheduleOptimizationAccess(
            CalendarStore store,
            ItemStore items,
            ScheduleEvents events,
            ScheduleLifecycle lifecycle,
            CalendarViews views,
            dev.primetime.tenancy.TenantTransactions transactions) {
        this.store = store;
        this.items = items;
        this.events = events;
        this.lifecycle = lifecycle;
        this.views = views;
        this.transactions = transactions;
    }

    /** A schedule still optimizing, or waiting for a run to finish its cancel, long after any run would have ended. */
    public record AbandonedRun(String tenantId, UUID scheduleId) {}

    /**
     * Schedules, across tenants, optimizing (or canceling: a cancel that came during a run, which the run finishes)
     * since before {@code since}, other than {@code liveRuns}: the schedules whose run an instance has kept fresh
     * since then (optimization knows which; this module does not read its runs). Only ids are read.
     */
    public List<AbandonedRun> abandonedRuns(Instant since, Collection<UUID> liveRuns, int limit) {
        return transactions.acrossTenants(jdbc -> store.abandonedRuns(jdbc, since, liveRuns, limit));
    }

    /**
     * Puts a schedule that {@link #abandonedRuns} found back where it was before the run, nothing moved, and logs
     * {@code optimization.completed} with outcome {@code abandoned}; a cancel that came during the run is finished
     * instead (outcome {@code canceled}), as the run would have.
     *
     * @return how the run ended for the calendar ({@link RunEnd#ABANDONED} or {@link RunEnd#CANCELED}); empty when
     *     the schedule has changed since (a run ended after all, or it is no longer that old)
     */
    public Optional<RunEnd> recoverAbandoned(JdbcClient jdbc, UUID scheduleId, Instant since, Instant now) {
        ScheduleRow row = store.schedule(jdbc, scheduleId, true).orElse(null);
        if (row == null
                || (row.status() != ScheduleStatus.OPTIMIZING && row.status() != ScheduleStatus.CANCELING)
                || !row.updatedAt().isBefore(since)) {
            return Optional.empty();
        }
        RunEnd end;
        if (row.status() == ScheduleStatus.CANCELING) {
            lifecycle.finishCancel(jdbc, scheduleId, now);
            end = RunEnd.CANCELED;
        } else {
            ScheduleStatus back =
                    row.statusBeforeOptimizing() == null ? ScheduleStatus.PENDING : row.statusBeforeOptimizing();
            lifecycle.moveSchedule(jdbc, row, back, null, now);
            end = RunEnd.ABANDONED;
        }
        events.append(
                new Event(
                        OPTIMIZATION_COMPLETED,
                        scheduleId,
                        null,
                        Map.of(
                                "outcome",
                                end.name().toLowerCase(java.util.Locale.ROOT),
                                "reason",
                                end == RunEnd.CANCELED
                                        ? "the instance running the optimization stopped; the cancel was finished"
                                                + " (open items skipped), no item was moved"
                                        : "the instance running the optimization stopped; no item was moved")),
                now);
        lifecycle.settle(jdbc, scheduleId, now); // as when a run ends
        return Optional.of(end);
    }

    /** A schedule item as the optimizer sees it. {@code version} detects changes made while a run was solving. */
    public record PlannedItem(
            UUID id,
            String contentId,
            Platform platform,
            String contentType,
            Instant scheduledTime,
            Instant earliestTime,
            Instant latestTime,
            int priority,
            boolean pinned,
            ItemStatus status,
            int version) {}

    public record PlannedSchedule(UUID id, ZoneId zone, ScheduleStatus status, List<PlannedItem> items) {}

    /** A new time for an item, applied only if the item is still at {@code expectedVersion}. */
    public record ItemMove(UUID itemId, int expectedVersion, Instant to) {}

    /** How a run ended for the calendar. */
    public enum RunEnd {
        /** New times written; the schedule is back where it was. */
        APPLIED,
        /** A cancel arrived during the run: the cancel was finished, nothing moved. */
        CANCELED,
        /** An item changed during the run: nothing moved, the schedule is back where it was. */
        STALE,
        /** The run wrote nothing by choice (infeasible, failed); the schedule is back where it was. */
        ABANDONED
    }

    /**
     * Locks the schedule, lets {@code prepare} look at it (anything it throws rolls back and changes nothing), then
     * moves it to {@code optimizing} and logs {@code optimization.started} with {@code prepare}'s payload.
     *
     * @throws ScheduleNotOptimizable for an unknown schedule ({@code NOT_FOUND}), or when a run is in progress or
     *     the schedule is finished ({@code NOT_NOW})
     */
    public <T> T begin(JdbcClient jdbc, UUID scheduleId, Instant now, Function<PlannedSchedule, Started<T>> prepare) {
        ScheduleRow row = store.schedule(jdbc, scheduleId, true).orElseThrow(ScheduleNotOptimizable::notFound);
        if (row.status() == ScheduleStatus.OPTIMIZING) {
            throw new ScheduleNotOptimizable(
                    ScheduleNotOptimizable.Reason.NOT_NOW,
                    "an optimization run is already in progress for this schedule");
        }
        if (row.status() != ScheduleStatus.PENDING && row.status() != ScheduleStatus.RUNNING) {
            throw new ScheduleNotOptimizable(
                    ScheduleNotOptimizable.Reason.NOT_NOW,
                    "schedule is " + row.status() + "; only pending or running schedules can be optimized");
        }
        Started<T> started = prepare.apply(planned(jdbc, row));
        lifecycle.moveSchedule(jdbc, row, ScheduleStatus.OPTIMIZING, row.status(), now);
        events.append(new Event(OPTIMIZATION_STARTED, scheduleId, null, started.eventPayload()), now);
        return started.value();
    }

    /** What {@link #begin} returns to its caller, and the payload of the started event. */
    public record Started<T>(T value, Object eventPayload) {}

    public void progress(JdbcClient jdbc, UUID scheduleId, Object payload, Instant now) {
        events.append(new Event(OPTIMIZATION_PROGRESS, scheduleId, null, payload), now);
    }

    /**
     * Ends a run: applies {@code moves} atomically when the schedule is still optimizing and no item the run read
     * changed meanwhile, returns the schedule to where it came from (or finishes a cancel that arrived during the
     * run) and logs {@code optimization.completed} with the payload and the outcome.
     *
     * @param planned the time every item the run planned with had then (empty: none), moved or not: an item that
     *     posts at another time now (a pinned one moved, an untimed one given a time) may break the moves' spacing
     *     or a cap; other changes (a sent item reported published, a priority) do not, and leave the run alone
     */
    public RunEnd finish(
            JdbcClient jdbc,
            UUID scheduleId,
            List<ItemMove> moves,
            Map<UUID, Optional<Instant>> planned,
            Map<String, Object> payload,
            Instant now) {
        ScheduleRow row = store.schedule(jdbc, scheduleId, true).orElseThrow(ScheduleNotOptimizable::notFound);
        RunEnd end;
        if (row.status() == ScheduleStatus.CANCELING) {
            lifecycle.finishCancel(jdbc, scheduleId, now);
            end = RunEnd.CANCELED;
        } else if (row.status() != ScheduleStatus.OPTIMIZING) {
            throw new IllegalStateException(
                    "schedule " + scheduleId + " left optimizing during a run: " + row.status());
        } else {
            boolean stale = moves.isEmpty() ? false : anyChanged(jdbc, scheduleId, moves, planned);
            if (moves.isEmpty() || stale) {
                end = moves.isEmpty() ? RunEnd.ABANDONED : RunEnd.STALE;
            } else {
                apply(jdbc, row, moves, now);
                end = RunEnd.APPLIED;
            }
            ScheduleStatus back =
                    row.statusBeforeOptimizing() == null ? ScheduleStatus.PENDING : row.statusBeforeOptimizing();
            lifecycle.moveSchedule(jdbc, store.schedule(jdbc, scheduleId, true).orElseThrow(), back, null, now);
        }
        Map<String, Object> completed = new java.util.LinkedHashMap<>(payload);
        completed.put("outcome", end.name().toLowerCase(java.util.Locale.ROOT));
        events.append(new Event(OPTIMIZATION_COMPLETED, scheduleId, null, completed), now);
        // items may have ended during the run (settling waits while a schedule optimizes): a running schedule with
        // nothing left open completes now, not at some later write
        lifecycle.settle(jdbc, scheduleId, now);
        return end;
    }

    private boolean anyChanged(
            JdbcClient jdbc, UUID scheduleId, List<ItemMove> moves, Map<UUID, Optional<Instant>> planned) {
        Map<UUID, ItemRow> current = new java.util.HashMap<>();
        items.items(jdbc, scheduleId).forEach(i -> current.put(i.id(), i));
        java.util.Set<UUID> moved = new java.util.HashSet<>();
        for (ItemMove move : moves) {
            moved.add(move.itemId());
            ItemRow item = current.get(move.itemId());
            if (item == null
                    || item.version() != move.expectedVersion()
                    || item.status().isTerminal()) {
                return true;
            }
        }
        for (ItemRow item : current.values()) {
            if (moved.contains(item.id())) {
                continue;
            }
            // what the moves were placed around: every item that posts, at its time (skipped or failed ones do not)
            boolean posts = item.scheduledTime() != null
                    && item.status() != ItemStatus.SKIPPED
                    && item.status() != ItemStatus.FAILED;
            Optional<Instant> then = planned.get(item.id());
            if (posts && (then == null || !then.equals(Optional.of(item.scheduledTime())))) {
                return true;
            }
        }
        return false;
    }

    private void apply(JdbcClient jdbc, ScheduleRow row, List<ItemMove> moves, Instant now) {
        for (ItemMove move : moves) {
            items.moveTime(jdbc, row.id(), move.itemId(), move.to(), now);
        }
        store.touch(jdbc, row.id(), now);
        ZoneId zone = ZoneId.of(row.timezone());
        List<Event> log = new ArrayList<>(moves.size());
        for (ItemMove move : moves) {
            log.add(new Event(
                    ScheduleEvents.ITEM_UPDATED,
                    row.id(),
                    move.itemId(),
                    views.itemView(
                            items.item(jdbc, row.id(), move.itemId(), false).orElseThrow(), zone)));
        }
        events.append(log, now);
    }

    private PlannedSchedule planned(JdbcClient jdbc, ScheduleRow row) {
        List<PlannedItem> plannedItems = items.items(jdbc, row.id()).stream()
                .map(i -> new PlannedItem(
                        i.id(),
                        i.contentId(),
                        Platform.of(i.platform()),
                        i.contentType(),
                        i.scheduledTime(),
                        i.earliestTime(),
                        i.latestTime(),
                        i.priority(),
                        i.pinned(),
                        i.status(),
                        i.version()))
                .toList();
        return new PlannedSchedule(row.id(), ZoneId.of(row.timezone()), row.status(), plannedItems);
    }
}
