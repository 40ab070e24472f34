package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleEvents.Event;
import dev.primetime.calendar.ScheduleViews.ItemView;
import dev.primetime.calendar.ScheduleViews.ScheduleView;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.Page;
import dev.primetime.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules and their items: create, read, change and delete them, each one tenant transaction that locks the
 * schedule, checks its lifecycle ({@link ScheduleLifecycle}) and logs what changed. Starting and canceling a
 * schedule are {@link ScheduleLifecycle}'s, a series' occurrences {@link ScheduleSeries}', placing items
 * {@link PlacementFlow}'s.
 */
@Service
class CalendarService {
    private final TenantTransactions transactions;
    private final CalendarStore store;
    private final ItemStore items;
    private final ScheduleEvents events;
    private final ScheduleValidation validation;
    private final ScheduleLifecycle lifecycle;
    private final PlacementFlow placements;
    private final CalendarViews views;
    private final Clock clock;
    private final JsonMapper json;

    CalendarService(
            TenantTransactions transactions,
            CalendarStore store,
            ItemStore items,
            ScheduleEvents events,
            ScheduleValidation validation,
            ScheduleLifecycle lifecycle,
            PlacementFlow placements,
            CalendarViews views,
            Clock clock,
            JsonMapper json) {
        this.transactions = transactions;
        this.store = store;
        this.items = items;
        this.events = events;
        this.validation = validation;
        this.lifecycle = lifecycle;
        this.placements = placements;
        this.views = views;
        this.clock = clock;
        this.json = json;
    }

    /** The order the store reads a schedule's items in: by time, untimed last, then by id. */
    private static final java.util.Comparator<ItemRow> ITEM_ORDER = java.util.Comparator.comparing(
                    ItemRow::scheduledTime, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
            .thenComparing(ItemRow::id, (a, b) -> { // PostgreSQL orders uuids as unsigned bytes
                int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return high != 0
                        ? high
                        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            });

    ScheduleView create(Caller caller, ScheduleRequests.CreateSchedule request) {
        ScheduleValidation.NewSchedule schedule = validation.schedule(request);
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        ItemPlacement.Placer placer = placements.placer(caller, schedule.zone(), schedule.items());
        if (placer != null) {
            return transactions.write(caller, jdbc -> {
                ScheduleValidation.NewSchedule placed = new ScheduleValidation.NewSchedule(
                        schedule.title(),
                        schedule.zone(),
                        schedule.description(),
                        schedule.metadataJson(),
                        schedule.videoJobId(),
                        schedule.bulkJobId(),
                        placements.place(jdbc, placer, schedule.items(), now));
                ItemStore.NewItemRows rows = ItemStore.NewItemRows.of(id, placed.items(), false, now);
                return created(id, store.insertScheduleWithItems(id, placed, rows, now), now);
            });
        }
        ItemStore.NewItemRows items = ItemStore.NewItemRows.of(id, schedule.items(), false, now);
        // the claims, the schedule and its items in one round trip; the answer is built from the rows as the inserts
        // return them, with no second read of what was just written
        return store.insertScheduleWithItems(
                caller, id, schedule, items, now, (inserted, jdbc) -> created(id, inserted, now));
    }

    /** The answer to a create, with the events it logs. */
    private ScheduleView created(UUID id, CalendarStore.ScheduleWithItems inserted, Instant now) {
        ZoneId zone = ZoneId.of(inserted.schedule().timezone());
        ScheduleView view = views.view(inserted.schedule())
                .withItems(inserted.items().stream()
                        .sorted(ITEM_ORDER)
                        .map(i -> views.itemView(i, zone))
                        .toList());
        List<Event> log = new ArrayList<>();
        log.add(new Event(ScheduleEvents.SCHEDULE_CREATED, id, null, view.withItems(null)));
        view.items().forEach(item -> log.add(new Event(ScheduleEvents.ITEM_CREATED, id, item.id(), item)));
        events.append(log, now);
        return view;
    }

    ScheduleView get(Caller caller, String id) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        // the most frequent request: claims and both queries in one round trip, no BEGIN/COMMIT of its own
        CalendarStore.ScheduleWithItems found =
                store.scheduleWithItems(caller, scheduleId).orElseThrow(CalendarIds::scheduleNotFound);
        return views.fullView(found);
    }

    Page<ScheduleView> list(Caller caller, CalendarStore.ScheduleFilter filter, PageRequest page) {
        return transactions.read(caller, jdbc -> {
            Page<ScheduleRow> rows = page.page(store.schedules(jdbc, filter, page), CalendarStore::cursorOf);
            return new Page<>(rows.data().stream().map(views::view).toList(), rows.nextCursor());
        });
    }

    ScheduleView update(Caller caller, String id, ScheduleRequests.UpdateSchedule request, String ifMatch) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        ScheduleValidation.ScheduleChanges changes = validation.changes(request);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lifecycle.lock(jdbc, scheduleId);
            Etags.check(ifMatch, row.version());
            ScheduleLifecycle.requireEditable(row);
            store.updateSchedule(jdbc, scheduleId, changes, now);
            ScheduleView view = views.fullView(scheduleId);
            events.append(new Event(ScheduleEvents.SCHEDULE_UPDATED, scheduleId, null, view.withItems(null)), now);
            return view;
        });
    }

    List<ItemView> addItems(Caller caller, String id, ScheduleRequests.AddItems request) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        Instant now = clock.instant();
        ItemPlacement.Placer placer = null;
        if (request.items() != null && request.items().stream().anyMatch(i -> i != null && i.placement() != null)) {
            // placement reads queues and the model first, in the schedule's zone, outside the writing transaction
            ZoneId zone = transactions.read(
                    caller,
                    jdbc -> ZoneId.of(store.schedule(jdbc, scheduleId, false)
                            .orElseThrow(CalendarIds::scheduleNotFound)
                            .timezone()));
            placer = placements.placer(caller, zone, validation.items(request, zone));
        }
        ItemPlacement.Placer placing = placer;
        return transactions.write(
                caller, jdbc -> add(jdbc, scheduleId, zone -> validation.items(request, zone), placing, now));
    }

    /**
     * Adds items to a pending or running schedule in the ongoing transaction: validated in its zone, placed, written,
     * each with its item.created event.
     */
    private List<ItemView> add(
            JdbcClient jdbc,
            UUID scheduleId,
            java.util.function.Function<ZoneId, List<ScheduleValidation.NewItem>> validated,
            ItemPlacement.Placer placer,
            Instant now) {
        ScheduleRow row = lifecycle.lock(jdbc, scheduleId);
        ScheduleLifecycle.requireEditable(row);
        if (row.status() != ScheduleStatus.PENDING && row.status() != ScheduleStatus.RUNNING) {
            throw ApiException.conflict(
                    "schedule is " + row.status() + "; items can be added when it is pending or running");
        }
        ZoneId zone = ZoneId.of(row.timezone());
        List<ScheduleValidation.NewItem> newItems = validated.apply(zone);
        if (row.itemCount() + newItems.size() > ScheduleValidation.MAX_EXPANDED_ITEMS) {
            throw ApiException.validation(
                    "items", "a schedule holds at most " + ScheduleValidation.MAX_EXPANDED_ITEMS + " items");
        }
        if (placer != null) {
            newItems = placements.place(jdbc, placer, newItems, now);
        }
        List<ItemRow> written = items.insertItems(scheduleId, newItems, row.status() == ScheduleStatus.RUNNING, now);
        store.touch(jdbc, scheduleId, now);
        List<ItemView> added = new ArrayList<>();
        List<Event> log = new ArrayList<>();
        for (ItemRow item : written) {
            ItemView view = views.itemView(item, zone);
            added.add(view);
            log.add(new Event(ScheduleEvents.ITEM_CREATED, scheduleId, item.id(), view));
        }
        events.append(log, now);
        lifecycle.settle(jdbc, scheduleId, now);
        return added;
    }

    /**
     * A CSV import of items, all or nothing: every row is read and checked first (a 422 names each bad row), then
     * all are placed and written in one transaction, which a dry run rolls back after answering the plan.
     */
    ScheduleViews.ItemImport importItems(Caller caller, String id, java.io.Reader csv, boolean dryRun) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        Instant now = clock.instant();
        ZoneId zone = transactions.read(
                caller,
                jdbc -> ZoneId.of(store.schedule(jdbc, scheduleId, false)
                        .orElseThrow(CalendarIds::scheduleNotFound)
                        .timezone()));
        ItemImport.Read read = ItemImport.read(csv, zone, validation, json);
        ItemPlacement.Placer placer = placements.placer(caller, zone, read.items());
        try {
            List<ItemView> imported = transactions.write(caller, jdbc -> {
                List<ItemView> written = add(jdbc, scheduleId, z -> read.items(), placer, now);
                if (dryRun) {
                    throw new DryRun(written); // rolls the transaction back: nothing stays written
                }
                return written;
            });
            return new ScheduleViews.ItemImport(false, read.rows(), imported.size(), imported);
        } catch (DryRun plan) {
            return new ScheduleViews.ItemImport(true, read.rows(), plan.items.size(), plan.items);
        }
    }

    /** Ends a dry run's transaction with the plan it made. */
    private static final class DryRun extends RuntimeException {
        private final transient List<ItemView> items;

        DryRun(List<ItemView> items) {
            super("dry run", null, false, false);
            this.items = items;
        }
    }

    Page<ItemView> items(Caller caller, String id, ItemStore.ItemFilter filter, PageRequest page) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        return transactions.read(caller, jdbc -> {
            ScheduleRow row = store.schedule(jdbc, scheduleId, false).orElseThrow(CalendarIds::scheduleNotFound);
            ZoneId zone = ZoneId.of(row.timezone());
            Page<ItemRow> rows = page.page(items.items(jdbc, scheduleId, filter, page), ItemStore::cursorOf);
            return new Page<>(
                    rows.data().stream().map(r -> views.itemView(r, zone)).toList(), rows.nextCursor());
        });
    }

    ItemView item(Caller caller, String id, String itemId) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        UUID item = CalendarIds.itemId(itemId);
        return transactions.read(caller, jdbc -> {
            ScheduleRow row = store.schedule(jdbc, scheduleId, false).orElseThrow(CalendarIds::scheduleNotFound);
            return views.itemView(
                    items.item(jdbc, scheduleId, item, false).orElseThrow(CalendarIds::itemNotFound),
                    ZoneId.of(row.timezone()));
        });
    }

    ItemView updateItem(Caller caller, String id, String itemId, ScheduleRequests.UpdateItem request, String ifMatch) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        UUID item = CalendarIds.itemId(itemId);
        Instant now = clock.instant();
        // the claims and both locking reads in one round trip, the write and the schedule's touch in one statement,
        // the event with the COMMIT: a move is three round trips
        return store.lockScheduleAndItem(caller, scheduleId, item, (locked, jdbc) -> {
            ScheduleRow schedule = locked.schedule().orElseThrow(CalendarIds::scheduleNotFound);
            ItemRow current = locked.item().orElseThrow(CalendarIds::itemNotFound);
            ZoneId zone = ZoneId.of(schedule.timezone());
            ScheduleValidation.ItemChanges changes = validation.changes(request, zone);
            Etags.check(ifMatch, current.version());
            ScheduleLifecycle.requireEditable(schedule);
            if (current.status().isTerminal()) {
                throw ApiException.conflict("item is " + current.status() + "; a terminal item can no longer change");
            }
            Instant time = changes.scheduledTime() == null ? current.scheduledTime() : changes.scheduledTime();
            // item.due goes out once per item: after it the publisher has the item, and a new time would
            // neither reach it nor let the schedule complete
            if (locked.dispatched()
                    && changes.scheduledTime() != null
                    && !changes.scheduledTime().equals(current.scheduledTime())) {
                throw ApiException.conflict("item was sent for publishing when it came due; report how that"
                        + " went (published, failed, skipped) instead of moving it");
            }
            if (changes.scheduledTime() != null) {
                if (current.earliestTime() != null && time.isBefore(current.earliestTime())) {
                    throw ApiException.validation("scheduled_time", "must not be before the item's earliest_time");
                }
                if (current.latestTime() != null && time.isAfter(current.latestTime())) {
                    throw ApiException.validation("scheduled_time", "must not be after the item's latest_time");
                }
            }
            ItemStatus status = current.status();
            if (changes.status() != null && changes.status() != current.status()) {
                if (!current.status().canMoveTo(changes.status())) {
                    throw new ApiException(
                            ErrorCode.INVALID_STATE_TRANSITION,
                            "cannot move item from " + current.status() + " to " + changes.status());
                }
                if (changes.status() == ItemStatus.SCHEDULED && time == null) {
                    throw ApiException.validation("scheduled_time", "is required to schedule an item");
                }
                status = changes.status();
            }
            ItemRow next = current.changed(
                    time,
                    status,
                    changes.priority() == null ? current.priority() : changes.priority(),
                    changes.pinned() == null ? current.pinned() : changes.pinned(),
                    changes.metadataJson() == null ? current.metadataJson() : changes.metadataJson(),
                    changes.externalPostId() == null ? current.externalPostId() : changes.externalPostId(),
                    changes.externalUrl() == null ? current.externalUrl() : changes.externalUrl(),
                    changes.error() == null ? current.error() : changes.error(),
                    now);
            ItemView view = views.itemView(items.updateItem(jdbc, next, now), zone);
            events.append(
                    new Event(
                            status != current.status()
                                    ? ScheduleEvents.ITEM_STATUS_CHANGED
                                    : ScheduleEvents.ITEM_UPDATED,
                            scheduleId,
                            item,
                            view),
                    now);
            lifecycle.settle(jdbc, schedule, now); // the schedule is locked above and its status has not changed since
            return view;
        });
    }

    void deleteItem(Caller caller, String id, String itemId) {
        UUID scheduleId = CalendarIds.scheduleId(id);
        UUID item = CalendarIds.itemId(itemId);
        Instant now = clock.instant();
        transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lifecycle.lock(jdbc, scheduleId);
            ItemRow current = items.item(jdbc, scheduleId, item, true).orElseThrow(CalendarIds::itemNotFound);
            ScheduleLifecycle.requireEditable(schedule);
            if (current.status() != ItemStatus.PENDING) {
                throw ApiException.conflict("only pending items can be deleted; this one is " + current.status());
            }
            items.deleteItem(jdbc, item);
            store.touch(jdbc, scheduleId, now);
            events.append(
                    new Event(
                            ScheduleEvents.ITEM_DELETED,
                            scheduleId,
                            item,
                            Map.of("id", item, "schedule_id", scheduleId)),
                    now);
            lifecycle.settle(jdbc, scheduleId, now);
            return null;
        });
    }
}
