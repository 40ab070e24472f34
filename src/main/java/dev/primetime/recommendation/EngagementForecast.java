package dev.primetime.recommendation;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Expected outcome per hour of the week (audience-local, Monday 00:00 first) for one tenant, platform, content
 * type, objective and audience zone, with the interval a post's outcome falls in 90% of the time and how sure the
 * model is of each hour's typical post.
 *
 * @param zone the zone the hours are read in: the tenant's history was filed under this zone's hours of the week
 * @param lower lower end of the 90% interval of one post's outcome at that hour (predictive: the model's doubt
 *     about the hour and the spread of single posts; from 100 posts on, as far out as the tenant's own posts missed;
 *     from about four months of history on, widened on both sides by how far its level moved from month to month)
 * @param confidence 0–1 per hour, from the width of the 90% credible interval of the hour's typical post
 *     relative to its mean
 * @param observations how many posts informed the posterior (0: the platform prior alone)
 */
public record EngagementForecast(
        Platform platform,
        String contentType,
        ZoneId zone,
        Objective objective,
        WeeklyCurve expected,
        WeeklyCurve lower,
        WeeklyCurve upper,
        WeeklyCurve confidence,
        int observations) {

    /** The expected outcome of a post at an instant, read in the forecast's own zone. */
    public double expectedAt(Instant instant) {
        return expected.at(instant, zone);
    }

    public double confidence(int slot) {
        return confidence.get(slot);
    }

    /** 0–1 from an interval's width relative to its mean (1: no width; 0: as wide as twice the mean or more). */
    static double confidence(double mean, double lower, double upper) {
        if (mean <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, 1 - (upper - lower) / mean / 2));
    }

    /** The same forecast read in another zone (for the platform prior, whose curve is the same in every zone). */
    EngagementForecast inZone(ZoneId other, Objective objectiveAsked) {
        return new EngagementForecast(
                platform, contentType, other, objectiveAsked, expected, lower, upper, confidence, observations);
    }
}
