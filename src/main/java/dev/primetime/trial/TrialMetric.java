package dev.primetime.trial;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a trial compares. {@code engagement_rate} (interactions per impression) is a proportion and gets a
 * Beta–Binomial posterior; every other metric is a per-post count (or seconds) and gets a log-normal posterior of its
 * mean, because post-level counts are heavy-tailed.
 */
enum TrialMetric {
    ENGAGEMENT_RATE(true),
    VIEWS(false),
    IMPRESSIONS(false),
    LIKES(false),
    COMMENTS(false),
    SHARES(false),
    SAVES(false),
    CLICKS(false),
    WATCH_TIME_SECONDS(false);

    private final boolean rate;

    TrialMetric(boolean rate) {
        this.rate = rate;
    }

    boolean isRate() {
        return rate;
    }

    @JsonValue
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<TrialMetric> find(String value) {
        return Arrays.stream(values()).filter(m -> m.id().equals(value)).findFirst();
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(TrialMetric::id).toList();
    }
}
