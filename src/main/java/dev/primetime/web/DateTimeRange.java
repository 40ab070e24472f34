package dev.primetime.web;

import java.time.Instant;

/**
 * The instants the API accepts, from 1970 to the start of 9999. ISO-8601 parses years far outside what PostgreSQL's
 * {@code timestamptz} stores ({@code +300000-01-01T00:00:00Z}, {@code -5000-…}); checked where a time is read, such
 * a request is a 422 naming its field instead of a database error. The upper end leaves room for windows and
 * horizons computed from a time (a recommendation window ends at most 90 days after its start).
 */
public final class DateTimeRange {
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private DateTimeRange() {}

    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** The instant, or null with a problem recorded for {@code field} when it lies outside; null stays null. */
    public static Instant check(Instant instant, String field, FieldErrors errors) {
        if (instant == null || contains(instant)) {
            return instant;
        }
        errors.add(field, "must lie between " + EARLIEST + " and " + LATEST);
        return null;
    }
}
