package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * What one post earned: the latest reported value of each metric (NaN: never reported), and when it went out.
 *
 * @param ownZone the audience zone the post's events named themselves; null: the post is read in whatever zone
 *     the model is fitted for (the audience's)
 */
public record PostEngagement(
        String post, Platform platform, String contentType, Instant publishedAt, ZoneId ownZone, double[] metrics) {

    public PostEngagement {
        if (metrics.length != KpiMetric.values().length) {
            throw new IllegalArgumentException("one value per metric");
        }
    }

    public OptionalDouble metric(KpiMetric metric) {
        double v = metrics[metric.ordinal()];
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Likes + comments + shares + saves that were reported; empty when none of them was. */
    public OptionalDouble interactions() {
        boolean any = false;
        double sum = 0;
        for (KpiMetric m : KpiMetric.values()) {
            if (m.isInteraction() && !Double.isNaN(metrics[m.ordinal()])) {
                any = true;
                sum += metrics[m.ordinal()];
            }
        }
        return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The post's hour of the week (Monday 00:00 = 0) read in its own zone if it named one, else in {@code audience}. */
    public int hourOfWeek(ZoneId audience) {
        return WeeklyCurve.slot(publishedAt, ownZone != null ? ownZone : audience);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostEngagement p
                && post.equals(p.post)
                && platform.equals(p.platform)
                && contentType.equals(p.contentType)
                && publishedAt.equals(p.publishedAt)
                && java.util.Objects.equals(ownZone, p.ownZone)
                && Arrays.equals(metrics, p.metrics);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(post, platform, contentType, publishedAt, ownZone) * 31
                + Arrays.hashCode(metrics);
    }

    @Override
    public String toString() {
        return "PostEngagement[" + post + " " + platform + "/" + contentType + " at " + publishedAt + " "
                + Arrays.toString(metrics) + "]";
    }
}
