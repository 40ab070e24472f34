package dev.primetime.calendar;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.ApiException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The calendar's side of placing the items that ask for a {@code placement} (issue 21): it prepares the
 * {@link ItemPlacement} before the writing transaction, then, inside it, locks the tenant's placements, tells the
 * placer which times are taken (stored and placed so far in the request) and gives each item its time.
 */
@Component
class PlacementFlow {
    private final ItemStore store;
    // looked up when first needed: the placement reads the model, which reads the calendar
    private final ObjectProvider<ItemPlacement> placement;

    PlacementFlow(ItemStore store, ObjectProvider<ItemPlacement> placement) {
        this.store = store;
        this.placement = placement;
    }

    /**
     * What places this request's items that asked for a placement, prepared before the transaction (it reads the
     * tenant's queues and model in transactions of its own); null when none asked.
     */
    ItemPlacement.Placer placer(Caller caller, ZoneId zone, List<ScheduleValidation.NewItem> items) {
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

    private static Optional<ItemPlacement.Wanted> wanted(ScheduleValidation.NewItem item) {
        return item.wantsPlacement()
                ? Optional.of(new ItemPlacement.Wanted(
                        item.field(),
                        item.contentId(),
                        item.platform(),
                        item.contentType(),
                        item.placement(),
                        item.notBefore(),
                        item.notAfter()))
                : Optional.empty();
    }

    /**
     * Gives each item that asked for a placement its time, in request order, inside the ongoing transaction: the
     * tenant's placements on the same platforms wait for each other here (the lock is held until commit), so a
     * placement always sees every earlier one, committed, and never takes the same slot.
     */
    List<ScheduleValidation.NewItem> place(
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
        private final Map<Platform, List<ItemPlacement.Taken>> inRequest = new HashMap<>();
        private final Map<String, List<ItemPlacement.Taken>> inRequestByContent = new HashMap<>();
        private final Map<Platform, Read> stored = new HashMap<>();

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
        public List<ItemPlacement.Taken> taken(Platform platform, Instant from, Instant to) {
            Read read = stored.get(platform);
            if (read == null || from.isBefore(read.from()) || to.isAfter(read.to())) {
                Instant a = read == null || from.isBefore(read.from()) ? from : read.from();
                Instant b = read == null || to.isAfter(read.to()) ? to : read.to();
                read = new Read(
                        a,
                        b,
                        store.taken(jdbc, platform.id(), a, b).stream()
                                .map(PlacementFlow::taken)
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
                    .map(PlacementFlow::taken)
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

    private static ItemPlacement.Taken taken(ItemStore.TakenRow row) {
        return new ItemPlacement.Taken(row.at(), Platform.of(row.platform()), row.contentType(), row.contentId());
    }
}
