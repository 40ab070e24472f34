package dev.primetime.platform;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * 168 values, one per hour of the week in the audience's local time, Monday 00:00 first. Immutable.
 */
public final class WeeklyCurve {
    public static final int SLOTS = 168;
    private final double[] values;

    private WeeklyCurve(double[] values) {
        this.values = values;
    }

    public static WeeklyCurve of(double[] values) {
        if (values.length != SLOTS) {
            throw new IllegalArgumentException("a weekly curve has 168 slots, not " + values.length);
        }
        return new WeeklyCurve(values.clone());
    }

    /** The slot of a local day and hour. */
    public static int slot(DayOfWeek day, int hour) {
        return (day.getValue() - 1) * 24 + hour;
    }

    /** The slot an instant falls in, seen from {@code zone}. */
    public static int slot(Instant instant, ZoneId zone) {
        // local hours since the epoch, whose day 0 (1970-01-01) was a Thursday, slot 72; no date objects, since
        // recommendations ask this for every hour of their window
        long localSeconds =
                instant.getEpochSecond() + zone.getRules().getOffset(instant).getTotalSeconds();
        return (int) Math.floorMod(Math.floorDiv(localSeconds, 3600) + 72, 168);
    }

    public double get(int slot) {
        return values[slot];
    }

    public double at(Instant instant, ZoneId zone) {
        return values[slot(instant, zone)];
    }

    public double[] toArray() {
        return values.clone();
    }

    public double max() {
        return Arrays.stream(values).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeeklyCurve other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "WeeklyCurve" + Arrays.toString(values);
    }
}
