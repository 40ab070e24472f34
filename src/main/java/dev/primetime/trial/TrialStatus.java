package dev.primetime.trial;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A trial's lifecycle. The allowed moves are written here once:
 *
 * <pre>
 * running → stopped      (POST /trials/{id}/stop)
 * running → concluded    (one variant is best with probability ≥ 0.95 by the trial's rule)
 * </pre>
 */
enum TrialStatus {
    RUNNING,
    STOPPED,
    CONCLUDED;

    private Set<TrialStatus> next() {
        return switch (this) {
            case RUNNING -> EnumSet.of(STOPPED, CONCLUDED);
            case STOPPED, CONCLUDED -> EnumSet.noneOf(TrialStatus.class);
        };
    }

    boolean canMoveTo(TrialStatus target) {
        return next().contains(target);
    }

    @JsonValue
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<TrialStatus> find(String value) {
        for (TrialStatus s : values()) {
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
