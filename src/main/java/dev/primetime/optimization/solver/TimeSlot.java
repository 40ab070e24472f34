package dev.primetime.optimization.solver;

import java.time.Instant;

/**
 * Solver model: a moment a post can go out. Grid slots ({@code index >= 0}) are the horizon's slots; items that
 * do not move keep their own exact time as an off-grid slot ({@code index == -1}). Day and week are the schedule's
 * local calendar day and Monday-first week, counted from the epoch, for the frequency caps.
 */
public final class TimeSlot {
    public static final int OFF_GRID = -1;
    private final int index;
    private final Instant start;
    private final long minute;
    private final long day;
    private final long week;
    private final boolean blackout;
    private final long ownValue;

    public TimeSlot(int index, Instant start, long day, boolean blackout) {
        this(index, start, day, blackout, 0);
    }

    /** An item's own off-grid time, worth {@code value} to that item (used to score the schedule as it was). */
    public static TimeSlot offGrid(Instant start, long day, boolean blackout, long value) {
        return new TimeSlot(OFF_GRID, start, day, blackout, value);
    }

    private TimeSlot(int index, Instant start, long day, boolean blackout, long ownValue) {
        this.ownValue = ownValue;
        this.index = index;
        this.start = start;
        this.minute = Math.floorDiv(start.getEpochSecond(), 60);
        this.day = day;
        // 1970-01-01 was a Thursday: shifting by three days puts week boundaries on Mondays.
        this.week = Math.floorDiv(day + 3, 7);
        this.blackout = blackout;
    }

    public int index() {
        return index;
    }

    public Instant start() {
        return start;
    }

    /** Minutes since the epoch; differences are the spacing between posts. */
    public long minute() {
        return minute;
    }

    public long day() {
        return day;
    }

    public long week() {
        return week;
    }

    long ownValue() {
        return ownValue;
    }

    public boolean blackout() {
        return blackout;
    }

    @Override
    public String toString() {
        return start.toString();
    }
}
