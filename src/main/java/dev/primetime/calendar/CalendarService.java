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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calendar operations, each one tenant transaction that checks the lifecycle and logs what changed.
 *
 * <p>Why one class of this size (about 800 lines since #21): every write path (create, items, series, the CSV
 * import, placement) shares the lock, the lifecycle checks ({@link #requireTransition}, {@link #settle}) and the event
 * log of one transaction. The first parts to move out, when it next grows, are the series and the placement flows.
 */
@Service
class CalendarService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final TenantTransactions transactions;
    private final CalendarStore store;
    private final ScheduleEvents events;
    private final ScheduleValidation validation;
    private final Clock clock;
    private final JsonMapper json;
    // looked up when first needed: the placement reads the model, which reads the calendar
    private final ObjectProvider<ItemPlacement> placement;

    CalendarService(
            TenantTransactions transactions,
            CalendarStore store,
            ScheduleEvents events,
            ScheduleValidation validation,
            Clock clock,
            JsonMapper json,
            ObjectProvider<ItemPlacement> placement) {
        this.transactions = transactions;
        this.store = store;
        this.events = events;
        this.validation = validation;
        this.clock = clock;
        this.json = json;
        this.placement = placement;
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
        ItemPlacement.Placer placer = placer(caller, schedule.zone(), schedule.items());
        if (placer != null) {
            return transactions.write(caller, jdbc -> {
                ScheduleValidation.NewSchedule placed = new ScheduleValidation.NewSchedule(
                        schedule.title(),
                        schedule.zone(),
                        schedule.description(),
                        schedule.metadataJson(),
                        schedule.videoJobId(),
                        schedule.bulkJobId(),
                        place(jdbc, placer, schedule.items(), now));
                CalendarStore.NewItemRows rows = CalendarStore.NewItemRows.of(id, placed.items(), false, now);
                return created(id, store.insertScheduleWithItems(id, placed, rows, now), now);
            });
        }
        CalendarStore.NewItemRows items = CalendarStore.NewItemRows.of(id, schedule.items(), false, now);
        // the claims, the schedule and its items in one round trip; the answer is built from the rows as the inserts
        // return them, with no second read of what was just written
        return transactions.write(
                caller,
                CalendarStore.INSERT_SCHEDULE_WITH_ITEMS,
                CalendarStore.insertScheduleWithItemsParameters(id, schedule, items, now),
                statement -> CalendarStore.insertedScheduleWithItems(statement, items),
                (inserted, jdbc) -> created(id, inserted, now));
    }

    /** The answer to a create, with the events it logs. */
    private ScheduleView created(UUID id, CalendarStore.ScheduleWithItems inserted, Instant now) {
        ZoneId zone = ZoneId.of(inserted.schedule().timezone());
        ScheduleView view = view(inserted.schedule())
                .withItems(inserted.items().stream()
                        .sorted(ITEM_ORDER)
                        .map(i -> itemView(i, zone))
                        .toList());
        List<Event> log = new ArrayList<>();
        log.add(new Event(ScheduleEvents.SCHEDULE_CREATED, id, null, view.withItems(null)));
        view.items().forEach(item -> log.add(new Event(ScheduleEvents.ITEM_CREATED, id, item.id(), item)));
        events.append(log, now);
        return view;
    }

    /**
     * What places this request's items that asked for a placement, prepared before the transaction (it reads the
     * tenant's queues and model in transactions of its own); null when none asked.
     */
    private ItemPlacement.Placer placer(Caller caller, ZoneId zone, List<ScheduleValidation.NewItem> items) {
        List<ItemPlacement.Wanted> wanted = new ArrayList<>();
        for (ScheduleValidation.NewItem item : items) {
            wanted(item).ifPresent(wanted::add);
        }
        if (wanted.isEmpty()) {
            return null;
        }
        ItemPlacement placements = placement.getIfAvailable();
        if (placements == null) {
            throw ApiException.validation(wanted.getFirst().field() + ".placement", "placement is not available");
        }
        return placements.prepare(caller, zone, wanted);
    }

    private static java.util.Optional<ItemPlacement.Wanted> wanted(ScheduleValidation.NewItem item) {
        return item.wantsPlacement()
                ? java.util.Optional.of(new ItemPlacement.Wanted(
                        item.field(),
                        item.contentId(),
                        item.platform(),
                        item.contentType(),
                        item.placement(),
                        item.notBefore(),
                        item.notAfter()))
                : java.util.Optional.empty();
    }

    /**
     * Gives each item that asked for a placement its time, in request order, inside the ongoing transaction: the
     * tenant's placements on the same platforms wait for each other here (the lock is held until commit), so a
     * placement always sees every earlier one, committed, and never takes the same slot.
     */
    private List<ScheduleValidation.NewItem> place(
            JdbcClient jdbc, ItemPlacement.Placer placer, List<ScheduleValidation.NewItem> items, Instant now) {
        store.lockPlacements(
                jdbc,
                items.stream()
                        .filter(ScheduleValidation.NewItem::wantsPlacement)
                        .map(i -> i.platform().id())
                        .toList());
        RequestCalendar calendar = new RequestCalendar(jdbc);
        for (ScheduleValidation.NewItem item : items) {
            if (item.scheduledTime() != null) {
                calendar.add(taken(item));
            }
        }
        List<ScheduleValidation.NewItem> placed = new ArrayList<>(items.size());
        for (ScheduleValidation.NewItem item : items) {
            var wanted = wanted(item);
            if (wanted.isEmpty()) {
                placed.add(item);
                continue;
            }
            ItemPlacement.Placed at = placer.place(wanted.get(), calendar, now);
            ScheduleValidation.NewItem timed = item.placedAt(at.at(), at.reason());
            calendar.add(taken(timed));
            placed.add(timed);
        }
        return placed;
    }

    /**
     * The tenant's live items as one request's placements see them: what the database holds (read once per platform
     * and widened when a placement looks further; the placement lock keeps it as read) and what the request has
     * placed or timed so far.
     */
    private final class RequestCalendar implements ItemPlacement.Calendar {
        private final JdbcClient jdbc;
        private final Map<dev.primetime.platform.Platform, List<ItemPlacement.Taken>> inRequest =
                new java.util.HashMap<>();
        private final Map<String, List<ItemPlacement.Taken>> inRequestByContent = new java.util.HashMap<>();
        private final Map<dev.primetime.platform.Platform, Read> stored = new java.util.HashMap<>();

        /** Stored items of a platform in [from, to). */
        private record Read(Instant from, Instant to, List<ItemPlacement.Taken> items) {}

        RequestCalendar(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        void add(ItemPlacement.Taken item) {
            inRequest.computeIfAbsent(item.platform(), p -> new ArrayList<>()).add(item);
            inRequestByContent
                    .computeIfAbsent(item.contentId(), c -> new ArrayList<>())
                    .add(item);
        }

        @Override
        public List<ItemPlacement.Taken> taken(dev.primetime.platform.Platform platform, Instant from, Instant to) {
            Read read = stored.get(platform);
            if (read == null || from.isBefore(read.from()) || to.isAfter(read.to())) {
                Instant a = read == null || from.isBefore(read.from()) ? from : read.from();
                Instant b = read == null || to.isAfter(read.to()) ? to : read.to();
                read = new Read(
                        a,
                        b,
                        store.taken(jdbc, platform.id(), a, b).stream()
                                .map(CalendarService::taken)
                                .toList());
                stored.put(platform, read);
            }
            List<ItemPlacement.Taken> all = new ArrayList<>();
            for (ItemPlacement.Taken t : read.items()) {
                if (within(t, from, to)) {
                    all.add(t);
                }
            }
            for (ItemPlacement.Taken t : inRequest.getOrDefault(platform, List.of())) {
                if (within(t, from, to)) {
                    all.add(t);
                }
            }
            return all;
        }

        @Override
        public List<ItemPlacement.Taken> sameContent(String contentId, Instant from, Instant to) {
            List<ItemPlacement.Taken> all = new ArrayList<>(store.sameContent(jdbc, contentId, from, to).stream()
                    .map(CalendarService::taken)
                    .toList());
            for (ItemPlacement.Taken t : inRequestByContent.getOrDefault(contentId, List.of())) {
                if (within(t, from, to)) {
                    all.add(t);
                }
            }
            return all;
        }

        private static boolean within(ItemPlacement.Taken t, Instant from, Instant to) {
            return !t.at().isBefore(from) && t.at().isBefore(to);
        }
    }

    private static ItemPlacement.Taken taken(ScheduleValidation.NewItem item) {
        return new ItemPlacement.Taken(item.scheduledTime(), item.platform(), item.contentType(), item.contentId());
    }

    private static ItemPlacement.Taken taken(CalendarStore.TakenRow row) {
        return new ItemPlacement.Taken(
                row.at(), dev.primetime.platform.Platform.of(row.platform()), row.contentType(), row.contentId());
    }

    ScheduleView get(Caller caller, String id) {
        UUID scheduleId = scheduleId(id);
        // the most frequent request: claims and both queries in one round trip, no BEGIN/COMMIT of its own
        CalendarStore.ScheduleWithItems found = transactions
                .inOneRoundTrip(
                        caller,
                        CalendarStore.SCHEDULE_WITH_ITEMS,
                        CalendarStore.scheduleWithItemsParameters(scheduleId),
                        CalendarStore::scheduleWithItems)
                .orElseThrow(CalendarService::scheduleNotFound);
        return fullView(found);
    }

    Page<ScheduleView> list(Caller caller, CalendarStore.ScheduleFilter filter, PageRequest page) {
        return transactions.read(caller, jdbc -> {
            Page<ScheduleRow> rows = page.page(store.schedules(jdbc, filter, page), CalendarStore::cursorOf);
            return new Page<>(rows.data().stream().map(this::view).toList(), rows.nextCursor());
        });
    }

    ScheduleView update(Caller caller, String id, ScheduleRequests.UpdateSchedule request, String ifMatch) {
        UUID scheduleId = scheduleId(id);
        ScheduleValidation.ScheduleChanges changes = validation.changes(request);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lockSchedule(jdbc, scheduleId);
            Etags.check(ifMatch, row.version());
            requireEditable(row);
            store.updateSchedule(jdbc, scheduleId, changes, now);
            ScheduleView view = fullView(scheduleId);
            events.append(new Event(ScheduleEvents.SCHEDULE_UPDATED, scheduleId, null, view.withItems(null)), now);
            return view;
        });
    }

    List<ItemView> addItems(Caller caller, String id, ScheduleRequests.AddItems request) {
        UUID scheduleId = scheduleId(id);
        Instant now = clock.instant();
        ItemPlacement.Placer placer = null;
        if (request.items() != null && request.items().stream().anyMatch(i -> i != null && i.placement() != null)) {
            // placement reads queues and the model first, in the schedule's zone, outside the writing transaction
            ZoneId zone = transactions.read(
                    caller,
                    jdbc -> ZoneId.of(store.schedule(jdbc, scheduleId, false)
                            .orElseThrow(CalendarService::scheduleNotFound)
                            .timezone()));
            placer = placer(caller, zone, validation.items(request, zone));
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
        ScheduleRow row = lockSchedule(jdbc, scheduleId);
        requireEditable(row);
        if (row.status() != ScheduleStatus.PENDING && row.status() != ScheduleStatus.RUNNING) {
            throw ApiException.conflict(
                    "schedule is " + row.status() + "; items can be added when it is pending or running");
        }
        ZoneId zone = ZoneId.of(row.timezone());
        List<ScheduleValidation.NewItem> items = validated.apply(zone);
        if (row.itemCount() + items.size() > ScheduleValidation.MAX_EXPANDED_ITEMS) {
            throw ApiException.validation(
                    "items", "a schedule holds at most " + ScheduleValidation.MAX_EXPANDED_ITEMS + " items");
        }
        if (placer != null) {
            items = place(jdbc, placer, items, now);
        }
        List<ItemRow> written = store.insertItems(scheduleId, items, row.status() == ScheduleStatus.RUNNING, now);
        store.touch(jdbc, scheduleId, now);
        List<ItemView> views = new ArrayList<>();
        List<Event> log = new ArrayList<>();
        for (ItemRow item : written) {
            ItemView view = itemView(item, zone);
            views.add(view);
            log.add(new Event(ScheduleEvents.ITEM_CREATED, scheduleId, item.id(), view));
        }
        events.append(log, now);
        settle(jdbc, scheduleId, now);
        return views;
    }

    /**
     * A CSV import of items, all or nothing: every row is read and checked first (a 422 names each bad row), then
     * all are placed and written in one transaction, which a dry run rolls back after answering the plan.
     */
    ScheduleViews.ItemImport importItems(Caller caller, String id, java.io.Reader csv, boolean dryRun) {
        UUID scheduleId = scheduleId(id);
        Instant now = clock.instant();
        ZoneId zone = transactions.read(
                caller,
                jdbc -> ZoneId.of(store.schedule(jdbc, scheduleId, false)
                        .orElseThrow(CalendarService::scheduleNotFound)
                        .timezone()));
        ItemImport.Read read = ItemImport.read(csv, zone, validation, json);
        ItemPlacement.Placer placer = placer(caller, zone, read.items());
        try {
            List<ItemView> views = transactions.write(caller, jdbc -> {
                List<ItemView> written = add(jdbc, scheduleId, z -> read.items(), placer, now);
                if (dryRun) {
                    throw new DryRun(written); // rolls the transaction back: nothing stays written
                }
                return written;
            });
            return new ScheduleViews.ItemImport(false, read.rows(), views.size(), views);
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

    Page<ItemView> items(Caller caller, String id, CalendarStore.ItemFilter filter, PageRequest page) {
        UUID scheduleId = scheduleId(id);
        return transactions.read(caller, jdbc -> {
            ScheduleRow row = store.schedule(jdbc, scheduleId, false).orElseThrow(CalendarService::scheduleNotFound);
            ZoneId zone = ZoneId.of(row.timezone());
            Page<ItemRow> rows = page.page(store.items(jdbc, scheduleId, filter, page), CalendarStore::cursorOf);
            return new Page<>(rows.data().stream().map(r -> itemView(r, zone)).toList(), rows.nextCursor());
        });
    }

    ItemView item(Caller caller, String id, String itemId) {
        UUID scheduleId = scheduleId(id);
        UUID item = itemId(itemId);
        return transactions.read(caller, jdbc -> {
            ScheduleRow row = store.schedule(jdbc, scheduleId, false).orElseThrow(CalendarService::scheduleNotFound);
            return itemView(
                    store.item(jdbc, scheduleId, item, false).orElseThrow(CalendarService::itemNotFound),
                    ZoneId.of(row.timezone()));
        });
    }

    ItemView updateItem(Caller caller, String id, String itemId, ScheduleRequests.UpdateItem request, String ifMatch) {
        UUID scheduleId = scheduleId(id);
        UUID item = itemId(itemId);
        Instant now = clock.instant();
        // the claims and both locking reads in one round trip, the write and the schedule's touch in one statement,
        // the event with the COMMIT: a move is three round trips
        return transactions.write(
                caller,
                CalendarStore.LOCKED_SCHEDULE_AND_ITEM,
                CalendarStore.lockedScheduleAndItemParameters(scheduleId, item),
                CalendarStore::lockedScheduleAndItem,
                (locked, jdbc) -> {
                    ScheduleRow schedule = locked.schedule().orElseThrow(CalendarService::scheduleNotFound);
                    ItemRow current = locked.item().orElseThrow(CalendarService::itemNotFound);
                    ZoneId zone = ZoneId.of(schedule.timezone());
                    ScheduleValidation.ItemChanges changes = validation.changes(request, zone);
                    Etags.check(ifMatch, current.version());
                    requireEditable(schedule);
                    if (current.status().isTerminal()) {
                        throw ApiException.conflict(
                                "item is " + current.status() + "; a terminal item can no longer change");
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
                            throw ApiException.validation(
                                    "scheduled_time", "must not be before the item's earliest_time");
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
                    ItemView view = itemView(store.updateItem(jdbc, next, now), zone);
                    events.append(
                            new Event(
                                    status != current.status()
                                            ? ScheduleEvents.ITEM_STATUS_CHANGED
                                            : ScheduleEvents.ITEM_UPDATED,
                                    scheduleId,
                                    item,
                                    view),
                            now);
                    settle(jdbc, schedule, now); // the schedule is locked above and its status has not changed since
                    return view;
                });
    }

    void deleteItem(Caller caller, String id, String itemId) {
        UUID scheduleId = scheduleId(id);
        UUID item = itemId(itemId);
        Instant now = clock.instant();
        transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lockSchedule(jdbc, scheduleId);
            ItemRow current = store.item(jdbc, scheduleId, item, true).orElseThrow(CalendarService::itemNotFound);
            requireEditable(schedule);
            if (current.status() != ItemStatus.PENDING) {
                throw ApiException.conflict("only pending items can be deleted; this one is " + current.status());
            }
            store.deleteItem(jdbc, item);
            store.touch(jdbc, scheduleId, now);
            events.append(
                    new Event(
                            ScheduleEvents.ITEM_DELETED,
                            scheduleId,
                            item,
                            Map.of("id", item, "schedule_id", scheduleId)),
                    now);
            settle(jdbc, scheduleId, now);
            return null;
        });
    }

    /**
     * Changes every pending occurrence of a series still ahead (time of day in the schedule's zone, priority,
     * metadata); occurrences that are scheduled, published, skipped or failed, or already due, stay as they are.
     */
    List<ItemView> updateSeries(Caller caller, String id, String seriesId, ScheduleRequests.UpdateSeries request) {
        UUID scheduleId = scheduleId(id);
        UUID series = seriesId(seriesId);
        ScheduleValidation.SeriesChanges changes = validation.changes(request);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lockSchedule(jdbc, scheduleId);
            requireEditable(schedule);
            ZoneId zone = ZoneId.of(schedule.timezone());
            List<ItemRow> occurrences = store.seriesItems(jdbc, scheduleId, series);
            if (occurrences.isEmpty()) {
                throw seriesNotFound();
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
                        : java.time.ZonedDateTime.of(
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
                ItemView view = itemView(store.updateItem(jdbc, next, now), zone);
                changed.add(view);
                log.add(new Event(ScheduleEvents.ITEM_UPDATED, scheduleId, current.id(), view));
            }
            events.append(log, now);
            return changed;
        });
    }

    /** Deletes every pending occurrence of a series; the others stay. Returns how many went. */
    int deleteSeries(Caller caller, String id, String seriesId) {
        UUID scheduleId = scheduleId(id);
        UUID series = seriesId(seriesId);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow schedule = lockSchedule(jdbc, scheduleId);
            requireEditable(schedule);
            List<ItemRow> occurrences = store.seriesItems(jdbc, scheduleId, series);
            if (occurrences.isEmpty()) {
                throw seriesNotFound();
            }
            List<Event> log = new ArrayList<>();
            for (ItemRow current : occurrences) {
                if (current.status() == ItemStatus.PENDING) {
                    store.deleteItem(jdbc, current.id());
                    log.add(new Event(
                            ScheduleEvents.ITEM_DELETED,
                            scheduleId,
                            current.id(),
                            Map.of("id", current.id(), "schedule_id", scheduleId, "series_id", series)));
                }
            }
            if (!log.isEmpty()) {
                store.touch(jdbc, scheduleId, now);
                events.append(log, now);
                settle(jdbc, scheduleId, now);
            }
            return log.size();
        });
    }

    private static UUID seriesId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw seriesNotFound();
        }
    }

    static ApiException seriesNotFound() {
        return ApiException.notFound("series");
    }

    ScheduleView start(Caller caller, String id) {
        UUID scheduleId = scheduleId(id);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lockSchedule(jdbc, scheduleId);
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
            return fullView(scheduleId);
        });
    }

    ScheduleView cancel(Caller caller, String id) {
        UUID scheduleId = scheduleId(id);
        Instant now = clock.instant();
        return transactions.write(caller, jdbc -> {
            ScheduleRow row = lockSchedule(jdbc, scheduleId);
            requireTransition(row.status(), ScheduleStatus.CANCELING);
            moveSchedule(jdbc, row, ScheduleStatus.CANCELING, null, now);
            // An optimization run still in flight settles the cancel when it ends; otherwise nothing is in flight.
            if (row.status() != ScheduleStatus.OPTIMIZING) {
                finishCancel(jdbc, scheduleId, now);
            }
            return fullView(scheduleId);
        });
    }

    void finishCancel(JdbcClient jdbc, UUID scheduleId, Instant now) {
        ScheduleRow canceling = lockSchedule(jdbc, scheduleId);
        commitItems(jdbc, canceling, List.of(ItemStatus.PENDING, ItemStatus.SCHEDULED), ItemStatus.SKIPPED, false, now);
        moveSchedule(jdbc, canceling, ScheduleStatus.CANCELED, null, now);
    }

    /** Running schedules complete by themselves: completing once nothing is left to dispatch, completed once all is final. */
    void settle(JdbcClient jdbc, UUID scheduleId, Instant now) {
        settle(jdbc, lockSchedule(jdbc, scheduleId), now);
    }

    /** {@link #settle(JdbcClient, UUID, Instant)} for a schedule this transaction has locked and read as it is. */
    private void settle(JdbcClient jdbc, ScheduleRow row, Instant now) {
        UUID scheduleId = row.id();
        if (row.status() != ScheduleStatus.RUNNING && row.status() != ScheduleStatus.COMPLETING) {
            return;
        }
        Map<ItemStatus, Integer> counts = store.itemCounts(jdbc, scheduleId);
        int open = counts.get(ItemStatus.PENDING) + counts.get(ItemStatus.SCHEDULED);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0 && open == 0) {
            moveSchedule(jdbc, row, ScheduleStatus.COMPLETED, null, now);
        } else if (row.status() == ScheduleStatus.RUNNING
                && total > 0
                && counts.get(ItemStatus.PENDING) == 0
                && !anyDueLater(jdbc, scheduleId, now)) {
            moveSchedule(jdbc, row, ScheduleStatus.COMPLETING, null, now);
        }
    }

    private static boolean anyDueLater(JdbcClient jdbc, UUID scheduleId, Instant now) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM content_schedule_items WHERE schedule_id = ? AND status = 'scheduled'"
                                + " AND scheduled_time > ?)")
                .params(scheduleId, CalendarStore.utc(now))
                .query(Boolean.class)
                .single();
    }

    private void commitItems(
            JdbcClient jdbc, ScheduleRow row, List<ItemStatus> from, ItemStatus to, boolean onlyTimed, Instant now) {
        List<UUID> moved = store.moveItems(jdbc, row.id(), from, to, onlyTimed, now);
        if (moved.isEmpty()) {
            return;
        }
        ZoneId zone = ZoneId.of(row.timezone());
        List<Event> log = new ArrayList<>();
        Map<UUID, ItemRow> changed = store.items(jdbc, row.id(), moved);
        for (UUID itemId : moved) {
            log.add(new Event(
                    ScheduleEvents.ITEM_STATUS_CHANGED, row.id(), itemId, itemView(changed.get(itemId), zone)));
        }
        events.append(log, now);
    }

    void moveSchedule(JdbcClient jdbc, ScheduleRow row, ScheduleStatus target, ScheduleStatus before, Instant now) {
        requireTransition(row.status(), target);
        store.updateStatus(jdbc, row.id(), target, before, now);
        ScheduleView view = view(store.schedule(jdbc, row.id(), false).orElseThrow());
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

    private static void requireEditable(ScheduleRow row) {
        if (row.status().isTerminal()) {
            throw ApiException.conflict("schedule is " + row.status() + "; a finished schedule can no longer change");
        }
    }

    private ScheduleRow lockSchedule(JdbcClient jdbc, UUID id) {
        return store.schedule(jdbc, id, true).orElseThrow(CalendarService::scheduleNotFound);
    }

    /** The schedule with its items, read in the ongoing transaction. */
    private ScheduleView fullView(UUID id) {
        return fullView(store.scheduleWithItems(id).orElseThrow(CalendarService::scheduleNotFound));
    }

    private ScheduleView fullView(CalendarStore.ScheduleWithItems found) {
        ZoneId zone = ZoneId.of(found.schedule().timezone());
        return view(found.schedule())
                .withItems(found.items().stream().map(i -> itemView(i, zone)).toList());
    }

    private ScheduleView view(ScheduleRow row) {
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

    private static java.time.OffsetDateTime local(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }

    private static UUID scheduleId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw scheduleNotFound();
        }
    }

    private static UUID itemId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw itemNotFound();
        }
    }

    static ApiException scheduleNotFound() {
        return ApiException.notFound("schedule");
    }

    static ApiException itemNotFound() {
        return ApiException.notFound("schedule item");
    }
}
