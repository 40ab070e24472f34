package dev.primetime.recommendation;

import dev.primetime.platform.Platform;
import java.util.Optional;

/** Expected engagement by hour of the week for a tenant (or the platform defaults when there is none). */
public interface EngagementModel {

    /**
     * @param tenantId the tenant whose history informs the forecast; empty for the platform defaults
     */
    EngagementForecast forecast(Optional<String> tenantId, Platform platform, String contentType);
}
