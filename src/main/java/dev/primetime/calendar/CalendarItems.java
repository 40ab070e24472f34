package dev.primetime.calendar;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What other features may ask of the calendar about items: the facts of one item (engagement events inherit
 * them) and adding an item to a schedule (an accepted recommendation), with the calendar's own rules applied.
 */
@Component
public class CalendarItems {
    /** The longest {@code content_id} an item may have. */
    public static final int MAX_CONTENT_ID_LENGTH = 200;

    private final TenantTransactions transactions;
    private final CalendarStore schedules;
    private final ItemStore items;
    private final CalendarService calendar;

    CalendarItems(TenantTransactions transactions, CalendarStore schedules, ItemStore items, CalendarService calendar) {
        this.transactions = transactions;
        this.schedules = schedules;
        this.items = items;
        this.calendar = calendar;
    }

    /** An item as other features see it; times are instants, the zone is its schedule's. */
    public record ItemFacts(
            UUID itemId,
            UUID scheduleId,
            String contentId,
            Platform platform,
            String contentType,
            Instant scheduledTime,
            ZoneId scheduleZone) {}

    public Optional<ItemFacts> find(Caller caller, UUID itemId) {
        return transactions.read(caller, jdbc -> items.facts(jdbc, itemId));
    }

    /** The time zone of the tenant's most recently created schedule: where its audience most likely is. */
    public Optional<ZoneId> latestTimezone(Caller caller) {
        // asked on every recommendation without a timezone: with the claims in one round trip
        return schedules.latestTimezone(caller);
    }

    /** Adds one item to a schedule under the same rules as {@code POST /calendar/{id}/items}; returns its id. */
    public UUID addItem(
            Caller caller, UUID scheduleId, String contentId, Platform platform, String contentType, Instant at) {
        var item = new ScheduleRequests.NewItem(
                contentId, platform.id(), contentType, at.toString(), null, null, null, null, null);
        return calendar.addItems(caller, scheduleId.toString(), new ScheduleRequests.AddItems(List.of(item)))
                .getFirst()
                .id();
    }
}
