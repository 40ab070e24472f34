package dev.primetime.recommendation;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import java.time.ZoneId;
import java.util.Optional;

/** Expected outcome by hour of the week for a tenant's posts, as the optimizer reads it. */
public interface EngagementModel {

    /**
     * The forecasts for one schedule's items, read in each platform's audience zone (the tenant's settings, else
     * the schedule's zone) for the objective asked (else the tenant's default).
     */
    ScheduleForecasts forSchedule(Caller caller, ZoneId scheduleZone, Optional<Objective> objective);

    /** One schedule's forecasts per platform and content type. */
    @FunctionalInterface
    interface ScheduleForecasts {
        EngagementForecast forecast(Platform platform, String contentType);
    }
}
