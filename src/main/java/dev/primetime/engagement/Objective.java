package dev.primetime.engagement;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What a tenant optimizes: the outcome of one post that the model learns and the recommendations rank by. A post
 * that reported none of the metrics an objective needs says nothing about it and is left out; a post that
 * reported them as zero scores zero (never its impressions instead).
 */
public enum Objective {
    /** Likes + comments + shares + saves, of the post's latest reported values. */
    INTERACTIONS,
    /** Interactions ÷ reach, else ÷ impressions: what Buffer, Later and Sprout rank by. */
    ENGAGEMENT_RATE,
    VIEWS,
    WATCH_TIME_SECONDS;

    /** The objective a tenant gets when neither the request nor its settings name one. */
    public static final Objective DEFAULT = INTERACTIONS;

    /**
     * The model fits log(1 + scale × outcome). Counts are used as they are; a rate is counted per 10,000 people
     * reached, so its multiplicative spread behaves like a count's and a zero rate stays far below any real one.
     */
    public double modelScale() {
        return this == ENGAGEMENT_RATE ? 10_000 : 1;
    }

    /** The post's outcome, or empty when it reported none of the metrics this objective needs. */
    public OptionalDouble outcome(PostEngagement post) {
        return switch (this) {
            case INTERACTIONS -> post.interactions();
            case ENGAGEMENT_RATE -> {
                OptionalDouble interactions = post.interactions();
                double reach = post.metric(KpiMetric.REACH).orElse(0);
                double impressions = post.metric(KpiMetric.IMPRESSIONS).orElse(0);
                double seen = reach > 0 ? reach : impressions;
                yield interactions.isEmpty() || seen <= 0
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(interactions.getAsDouble() / seen);
            }
            case VIEWS -> post.metric(KpiMetric.VIEWS);
            case WATCH_TIME_SECONDS -> post.metric(KpiMetric.WATCH_TIME_SECONDS);
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Objective> find(String value) {
        return Arrays.stream(values()).filter(o -> o.id().equals(value)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Objective::id).collect(Collectors.joining(", "));
    }
}
