package dev.primetime.calendar;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the time of an item that asked for a {@code placement} instead of a {@code scheduled_time} (issue 21).
 * The calendar owns the items and the transaction; the feature that owns queues and scores (the {@code queue}
 * module) implements this. The calendar calls {@link #prepare} before its transaction (so reading the model never
 * holds a second connection), then, with the tenant's placements on each platform serialized by a transaction lock,
 * asks the {@link Placer} for each item in request order, telling it which times are taken.
 */
public interface ItemPlacement {

    /** How an item asks to be placed. */
    enum Kind {
        /** The earliest free slot of the platform's posting queue. */
        QUEUE,
        /** The best-scoring free time of the tenant's model within the window, keeping gap, caps and stagger. */
        BEST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> find(String value) {
            for (Kind k : values()) {
                if (k.id().equals(value)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One item to place.
     *
     * @param field where the item is in the request ({@code items[3]}), for errors
     * @param notBefore the earliest time it may take (already at least now and its earliest_time); null: now
     * @param notAfter the latest time it may take; null: the placement's own horizon
     */
    record Wanted(
            String field,
            String contentId,
            Platform platform,
            String contentType,
            Kind kind,
            Instant notBefore,
            Instant notAfter) {}

    /** A time the tenant has already given to a live item (neither skipped nor failed), in any schedule. */
    record Taken(Instant at, Platform platform, String contentType, String contentId) {}

    /** The tenant's calendar as placement sees it: the stored live items plus those placed so far in the request. */
    interface Calendar {
        /** Live items of {@code platform} with a time in [from, to). */
        List<Taken> taken(Platform platform, Instant from, Instant to);

        /** Live items of {@code contentId} on any platform with a time in [from, to). */
        List<Taken> sameContent(String contentId, Instant from, Instant to);
    }

    /** The chosen time and why, in a sentence a person reads. */
    record Placed(Instant at, String reason) {}

    /** Places items one at a time; throws a 422 {@code ApiException} naming {@code <field>.placement} if it cannot. */
    interface Placer {
        Placed place(Wanted wanted, Calendar calendar, Instant now);
    }

    /** Reads what placing these items needs (queues, forecasts) in the caller's own transactions. */
    Placer prepare(Caller caller, ZoneId scheduleZone, List<Wanted> wanted);
}
