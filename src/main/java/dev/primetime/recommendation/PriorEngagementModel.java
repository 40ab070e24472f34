package dev.primetime.recommendation;

import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;

/**
 * The platform curves as a forecast, before any tenant history: what everyone without history gets. Its
 * interval is wide (±50%) because a platform-wide curve says little about one audience.
 */
final class PriorEngagementModel {
    private final PlatformCatalog platforms;

    PriorEngagementModel(PlatformCatalog platforms) {
        this.platforms = platforms;
    }

    WeeklyCurve curve(Platform platform, String contentType) {
        return profile(platform, contentType).hourOfWeekCurve();
    }

    EngagementForecast forecast(Platform platform, String contentType) {
        // the same for everyone and for the service's life: built once per platform and content type
        return forecasts.computeIfAbsent(new Key(platform, contentType), k -> build(platform, contentType));
    }

    private record Key(Platform platform, String contentType) {}

    private final java.util.concurrent.ConcurrentHashMap<Key, EngagementForecast> forecasts =
            new java.util.concurrent.ConcurrentHashMap<>();

    private EngagementForecast build(Platform platform, String contentType) {
        double[] mean = curve(platform, contentType).toArray();
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lower[i] = mean[i] * 0.5;
            upper[i] = mean[i] * 1.5;
        }
        return new EngagementForecast(
                platform, contentType, WeeklyCurve.of(mean), WeeklyCurve.of(lower), WeeklyCurve.of(upper), 0);
    }

    private ContentTypeProfile profile(Platform platform, String contentType) {
        return platforms
                .contentType(platform, contentType)
                .orElseThrow(() -> new IllegalArgumentException(contentType + " is not a content type of " + platform));
    }
}
