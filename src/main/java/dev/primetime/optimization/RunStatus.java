package dev.primetime.optimization;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An asynchronous optimization run's lifecycle. The allowed moves are written here once:
 *
 * <pre>
 * running → completed   (the solver stopped by its time limit or at the bound; the new times are written)
 * running → canceled    (DELETE /optimize/{run_id}, or the schedule was canceled during the run)
 * running → failed      (nothing written: no feasible schedule found, items changed meanwhile, or an error)
 * </pre>
 */
enum RunStatus {
    RUNNING,
    COMPLETED,
    CANCELED,
    FAILED;

    private Set<RunStatus> next() {
        return switch (this) {
            case RUNNING -> EnumSet.of(COMPLETED, CANCELED, FAILED);
            case COMPLETED, CANCELED, FAILED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    boolean canMoveTo(RunStatus target) {
        return next().contains(target);
    }

    @JsonValue
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<RunStatus> find(String value) {
        for (RunStatus s : values()) {
            if (s.id().equals(value)) {
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
