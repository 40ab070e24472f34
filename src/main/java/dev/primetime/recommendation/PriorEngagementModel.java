package dev.primetime.recommendation;

import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The platform curves as a forecast, before any tenant history: the prior of the Bayesian model. Its interval
 * is wide (±50%) because a platform-wide curve says little about one audience.
 */
@Component
class PriorEngagementModel implements EngagementModel {
    private final PlatformCatalog platforms;

    PriorEngagementModel(PlatformCatalog platforms) {
        this.platforms = platforms;
    }

    @Override
    public EngagementForecast forecast(Optional<String> tenantId, Platform platform, String contentType) {
        ContentTypeProfile profile = platforms
                .contentType(platform, contentType)
                .orElseThrow(() -> new IllegalArgumentException(contentType + " is not a content type of " + platform));
        double[] mean = profile.hourOfWeekCurve().toArray();
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lower[i] = mean[i] * 0.5;
            upper[i] = mean[i] * 1.5;
        }
        return new EngagementForecast(
                platform, contentType, WeeklyCurve.of(mean), WeeklyCurve.of(lower), WeeklyCurve.of(upper), 0);
    }
}
