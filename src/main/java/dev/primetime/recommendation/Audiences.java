package dev.primetime.recommendation;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.settings.SchedulingSettings;
import dev.primetime.settings.TenantSettings;
import dev.primetime.tenancy.Caller;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where a request's audience is and what it optimizes (issue 18). The zone, per platform: the request's
 * {@code timezone}, else the tenant's setting for the platform, else its {@code audience_timezone}, else its latest
 * schedule's zone, else UTC. The objective: the request's, else the tenant's setting, else interactions.
 */
@Component
class Audiences {
    static final String FROM_REQUEST = "request";
    static final String FROM_SETTINGS = "settings";
    static final String FROM_LATEST_SCHEDULE = "latest_schedule";
    static final String FROM_DEFAULT = "default";

    // named "UTC" in answers (ZoneOffset.UTC's id is "Z"); the same hours
    static final ZoneId UTC = ZoneId.of("UTC");
    private final SchedulingSettings settings;
    private final CalendarItems calendar;

    Audiences(SchedulingSettings settings, CalendarItems calendar) {
        this.settings = settings;
        this.calendar = calendar;
    }

    /** One platform's audience: the zone its history is read in and hours recommended in, and where it came from. */
    record Audience(ZoneId zone, String timezoneSource) {}

    /** What one request resolved; the tenant's latest schedule is read only if some platform needs it. */
    final class Context {
        private final Optional<Caller> caller;
        private final ZoneId requested;
        private final TenantSettings tenant;
        private final Objective objective;
        private final String objectiveSource;
        private Optional<ZoneId> latest;

        private Context(Optional<Caller> caller, ZoneId requested, Objective requestedObjective) {
            this.caller = caller;
            this.requested = requested;
            this.tenant = caller.map(settings::of).orElse(TenantSettings.NONE);
            if (requestedObjective != null) {
                objective = requestedObjective;
                objectiveSource = FROM_REQUEST;
            } else if (tenant.objective() != null) {
                objective = tenant.objective();
                objectiveSource = FROM_SETTINGS;
            } else {
                objective = Objective.DEFAULT;
                objectiveSource = FROM_DEFAULT;
            }
        }

        Audience of(Platform platform) {
            if (requested != null) {
                return new Audience(requested, FROM_REQUEST);
            }
            Optional<ZoneId> set = tenant.audienceZone(platform);
            if (set.isPresent()) {
                return new Audience(set.get(), FROM_SETTINGS);
            }
            return general();
        }

        /** The zone for the answer as a whole (its offsets): the request's, else the tenant's, else as above. */
        Audience general() {
            if (requested != null) {
                return new Audience(requested, FROM_REQUEST);
            }
            if (tenant.audienceTimezone() != null) {
                return new Audience(tenant.audienceTimezone(), FROM_SETTINGS);
            }
            if (latest == null) {
                latest = caller.flatMap(calendar::latestTimezone);
            }
            return latest.map(z -> new Audience(z, FROM_LATEST_SCHEDULE))
                    .orElseGet(() -> new Audience(UTC, FROM_DEFAULT));
        }

        Objective objective() {
            return objective;
        }

        String objectiveSource() {
            return objectiveSource;
        }
    }

    /**
     * @param requested the request's timezone, or null
     * @param objective the request's objective, or null
     */
    Context resolve(Optional<Caller> caller, ZoneId requested, Objective objective) {
        return new Context(caller, requested, objective);
    }
}
