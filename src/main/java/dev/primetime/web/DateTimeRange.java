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

    // What PostgreSQL's timestamptz holds (4713 BC to 294276 AD), with a margin: the bounds of a time that is only
    // compared with stored ones, such as a list filter or a cursor.
    private static final Instant DATABASE_EARLIEST = Instant.parse("-4000-01-01T00:00:00Z");
    private static final Instant DATABASE_LATEST = Instant.parse("+200000-01-01T00:00:00Z");

    private DateTimeRange() {}

    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** Whether the database can hold the instant, so it may be compared with stored times in SQL. */
    public static boolean comparable(Instant instant) {
        return !instant.isBefore(DATABASE_EARLIEST) && !instant.isAfter(DATABASE_LATEST);
    }

    /**
     * A bound of a filter moved into what the database holds: no stored time lies beyond {@link #EARLIEST} or
     * {@link #LATEST}, so a filter from year 1 or to year 300000 selects what it did, null stays null.
     */
    public static Instant clampForComparison(Instant instant) {
        if (instant == null || comparable(instant)) {
            return instant;
        }
        return instant.isBefore(DATABASE_EARLIEST) ? DATABASE_EARLIEST : DATABASE_LATEST;
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
