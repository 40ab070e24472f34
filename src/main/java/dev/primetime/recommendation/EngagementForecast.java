package dev.primetime.recommendation;

import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Expected engagement per hour of the week (audience-local, Monday 00:00 first) for one tenant, platform and
 * content type, with a 90% credible interval. Values are relative: 1.0 is the platform prior's best hour.
 *
 * @param observations how many engagement events informed the posterior (0: the platform prior alone)
 */
public record EngagementForecast(
        Platform platform,
        String contentType,
        WeeklyCurve expected,
        WeeklyCurve lower,
        WeeklyCurve upper,
        int observations) {

    public double expectedAt(Instant instant, ZoneId zone) {
        return expected.at(instant, zone);
    }

    /** 0–1: how sure the model is about a slot, from the width of its interval relative to its mean. */
    public double confidence(int slot) {
        double mean = expected.get(slot);
        if (mean <= 0) {
            return 0;
        }
        double relativeWidth = (upper.get(slot) - lower.get(slot)) / mean;
        return Math.max(0, Math.min(1, 1 - relativeWidth / 2));
    }
}
