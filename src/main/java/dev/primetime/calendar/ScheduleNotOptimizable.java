package dev.primetime.calendar;

/**
 * The calendar refused a run on a schedule: it is not there (or not the caller's), or not in a state that may be
 * optimized. A domain refusal: the optimization module, which calls the calendar, says what it means over HTTP.
 */
public final class ScheduleNotOptimizable extends RuntimeException {
    /** Why the calendar refused. */
    public enum Reason {
        /** No such schedule for this tenant. */
        NOT_FOUND,
        /** A run is in progress, or the schedule is past the states a run may start from. */
        NOT_NOW
    }

    private final Reason reason;

    ScheduleNotOptimizable(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static ScheduleNotOptimizable notFound() {
        return new ScheduleNotOptimizable(Reason.NOT_FOUND, "schedule not found");
    }

    public Reason reason() {
        return reason;
    }
}
