package dev.primetime.engagement;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The metrics a publishing system reports. */
public enum KpiMetric {
    IMPRESSIONS,
    VIEWS,
    LIKES,
    COMMENTS,
    SHARES,
    SAVES,
    CLICKS,
    WATCH_TIME_SECONDS;

    /** Metrics that count people acting on a post, summed into its interactions. */
    public boolean isInteraction() {
        return this == LIKES || this == COMMENTS || this == SHARES || this == SAVES || this == CLICKS;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KpiMetric> find(String value) {
        for (KpiMetric m : values()) {
            if (m.id().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
