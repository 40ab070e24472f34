package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ScheduleEvents.Event;
import dev.primetime.calendar.ScheduleViews.ItemView;
import dev.primetime.tenancy.Callers;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What dispatch needs from the calendar: find schedules with items whose time has come, claim those items once
 * across every instance ({@code FOR UPDATE SKIP LOCKED}, then {@code due_emitted_at} is set in the same
 * transaction), log {@code item.due} with how late it is, and mark an item failed when its delivery gave up. Each
 * step then settles the schedule as any other change does (running → completing → completed).
 */
@Component
public class DueItemDispatch {
    public static final String ITEM_DUE = "item.due";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final TenantTransactions transactions;
    private final DueItemStore store;
    private final CalendarStore schedules;
    private final ItemStore items;
    private final CalendarService service;
    private final ScheduleLifecycle lifecycle;
    private final CalendarViews views;
    private final ScheduleEvents events;
    private final JsonMapper json;

    DueItemDispatch(
            TenantTransactions transactions,
            DueItemStore store,
            CalendarStore schedules,
            ItemStore items,
            CalendarService service,
            ScheduleLifecycle lifecycle,
            CalendarViews views,
            ScheduleEvents events,
            JsonMapper json) {
        this.transactions = transactions;
        this.store = store;
        this.schedules = schedules;
        this.items = items;
        this.service = service;
        this.lifecycle = lifecycle;
        this.views = views;
        this.events = events;
        this.json = json;
    }

    /** A schedule of some tenant with at least one item due and not yet dispatched. */
    public record DueSchedule(String tenantId, UUID scheduleId) {}

    /**
     * An item claimed for dispatch. {@code itemJson} is the item as the API shows it; {@code dueEventJson} is the
     * {@code item.due} event's data (the item plus {@code late_by_seconds}).
     */
    public record DueItem(
            String tenantId,
            UUID scheduleId,
            UUID itemId,
            Instant scheduledTime,
            long lateBySeconds,
            String dueEventJson) {}

    /**
     * Schedules, across tenants, that are running (or already completing: their last times have passed) and have
     * items whose time is at or before {@code now} and whose {@code item.due} has not gone out. Only ids are read.
     */
    public List<DueSchedule> dueSchedules(Instant now, int limit) {
        return transactions.acrossTenants(jdbc -> store.dueSchedules(jdbc, now, limit));
    }

    /**
     * Claims up to {@code limit} due items of one schedule, logs {@code item.due} for each and settles the schedule,
     * all in one tenant transaction; {@code alsoInTransaction} records what else must happen exactly when the claim
     * commits (webhook deliveries). Returns nothing when another instance holds the schedule or its items: they are
     * skipped, not waited for, and picked up by the next round if still due.
     */
    public List<DueItem> claim(
            DueSchedule due, Instant now, int limit, BiConsumer<JdbcClient, List<DueItem>> alsoInTransaction) {
        return transactions.write(Callers.worker(due.tenantId()), jdbc -> {
            // The schedule row first, as every calendar change locks it first: one lock order, no deadlock.
            ScheduleRow schedule = store.lockRunningSchedule(jdbc, due.scheduleId())
                    .flatMap(id -> schedules.schedule(jdbc, id, false))
                    .orElse(null);
            if (schedule == null) {
                return List.<DueItem>of();
            }
            List<UUID> ids = store.lockDueItems(jdbc, due.scheduleId(), now, limit);
            if (ids.isEmpty()) {
                return List.<DueItem>of();
            }
            store.markDispatched(jdbc, ids, now);
            ZoneId zone = ZoneId.of(schedule.timezone());
            List<DueItem> claimed = new ArrayList<>(ids.size());
            List<Event> log = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                ItemView item = views.itemView(
                        items.item(jdbc, due.scheduleId(), id, false).orElseThrow(), zone);
                Instant time = item.scheduledTime().toInstant();
                long late = Math.max(0, Duration.between(time, now).toSeconds());
                Map<String, Object> data = new LinkedHashMap<>(json.convertValue(item, MAP));
                data.put("late_by_seconds", late);
                log.add(new Event(ITEM_DUE, due.scheduleId(), id, data));
                claimed.add(
                        new DueItem(due.tenantId(), due.scheduleId(), id, time, late, json.writeValueAsString(data)));
            }
            events.append(log, now);
            alsoInTransaction.accept(jdbc, claimed);
            lifecycle.settle(jdbc, due.scheduleId(), now);
            return claimed;
        });
    }

    /**
     * Marks a dispatched item failed with {@code error}, as {@code PATCH …/items/{id}} would (event, settle).
     * Returns false when the item had already reached a final state (the publisher reported first) or is gone.
     */
    public boolean fail(String tenantId, UUID scheduleId, UUID itemId, String error) {
        String message = error.length() > 2000 ? error.substring(0, 2000) : error;
        try {
            service.updateItem(
                    Callers.worker(tenantId),
                    scheduleId.toString(),
                    itemId.toString(),
                    new ScheduleRequests.UpdateItem(null, "failed", null, null, message, null, null, null),
                    null);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
