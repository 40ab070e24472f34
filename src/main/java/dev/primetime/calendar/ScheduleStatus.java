package dev.primetime.calendar;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A schedule's lifecycle. The allowed moves are written here once:
 *
 * <pre>
 * pending → running → completing → completed          (start; items dispatched; all items terminal)
 * pending | running → optimizing → back where it came from (an optimization run)
 * pending | running | optimizing → canceling → canceled (in-flight work settles first)
 * any non-terminal → failed
 * </pre>
 */
public enum ScheduleStatus {
    PENDING,
    RUNNING,
    OPTIMIZING,
    COMPLETING,
    COMPLETED,
    CANCELING,
    CANCELED,
    FAILED;

    private Set<ScheduleStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, OPTIMIZING, CANCELING, FAILED);
            // running → completed directly when the last item becomes terminal in one step
            case RUNNING -> EnumSet.of(OPTIMIZING, COMPLETING, COMPLETED, CANCELING, FAILED);
            case OPTIMIZING -> EnumSet.of(PENDING, RUNNING, CANCELING, FAILED);
            case COMPLETING -> EnumSet.of(COMPLETED, FAILED);
            case CANCELING -> EnumSet.of(CANCELED, FAILED);
            case COMPLETED, CANCELED, FAILED -> EnumSet.noneOf(ScheduleStatus.class);
        };
    }

    public boolean canMoveTo(ScheduleStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScheduleStatus> find(String value) {
        for (ScheduleStatus s : values()) {
            if (s.id().equalsIgnoreCase(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
