package dev.primetime.recommendation;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform curves as a forecast, before any tenant history: what everyone without history gets. Its
 * interval is wide (±50%) because a platform-wide curve says little about one audience; it is equally wide at
 * every hour, so its confidence is the same everywhere (nothing to tell the hours apart by).
 */
final class PriorEngagementModel {
    private final PlatformCatalog platforms;
    private final ConcurrentHashMap<Key, EngagementForecast> forecasts = new ConcurrentHashMap<>();

    PriorEngagementModel(PlatformCatalog platforms) {
        this.platforms = platforms;
    }

    WeeklyCurve curve(Platform platform, String contentType) {
        return profile(platform, contentType).hourOfWeekCurve();
    }

    EngagementForecast forecast(Platform platform, String contentType, ZoneId zone, Objective objective) {
        // the same for everyone: built once per platform, content type and curve (operators may change a curve in the
        // platform catalog; the changed one is a new key)
        WeeklyCurve curve = curve(platform, contentType);
        EngagementForecast base = forecasts.computeIfAbsent(
                new Key(platform, contentType, curve), k -> build(platform, contentType, curve));
        return base.zone().equals(zone) && base.objective() == objective ? base : base.inZone(zone, objective);
    }

    private record Key(Platform platform, String contentType, WeeklyCurve curve) {}

    private EngagementForecast build(Platform platform, String contentType, WeeklyCurve curve) {
        double[] mean = curve.toArray();
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        double[] confidence = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lower[i] = mean[i] * 0.5;
            upper[i] = mean[i] * 1.5;
            confidence[i] = EngagementForecast.confidence(mean[i], lower[i], upper[i]);
        }
        return new EngagementForecast(
                platform,
                contentType,
                ZoneOffset.UTC,
                Objective.DEFAULT,
                WeeklyCurve.of(mean),
                WeeklyCurve.of(lower),
                WeeklyCurve.of(upper),
                WeeklyCurve.of(confidence),
                0);
    }

    private ContentTypeProfile profile(Platform platform, String contentType) {
        return platforms
                .contentType(platform, contentType)
                .orElseThrow(() -> new IllegalArgumentException(contentType + " is not a content type of " + platform));
    }
}
