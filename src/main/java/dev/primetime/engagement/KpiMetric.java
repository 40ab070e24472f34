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
    WATCH_TIME_SECONDS,
    /** How many people saw the post (impressions count them again for each view). */
    REACH;

    /**
     * Metrics that count people acting on a post, summed into its interactions (issue 18: likes, comments, shares
     * and saves; a click is reported by some platforms only and is mostly curiosity, so it is not an interaction).
     */
    public boolean isInteraction() {
        return this == LIKES || this == COMMENTS || this == SHARES || this == SAVES;
    }

    /** The accepted names, for messages. */
    public static String names() {
        return java.util.Arrays.stream(values()).map(KpiMetric::id).collect(java.util.stream.Collectors.joining(", "));
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
