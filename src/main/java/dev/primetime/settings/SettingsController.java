package dev.primetime.settings;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/settings")
@Tag(name = "settings", description = "Where your audience is and what to optimize for")
class SettingsController {
    private final SchedulingSettings settings;
    private final Clock clock;
    private final PlatformCatalog catalog;

    SettingsController(SchedulingSettings settings, Clock clock, PlatformCatalog catalog) {
        this.settings = settings;
        this.clock = clock;
        this.catalog = catalog;
    }

    @Schema(name = "SchedulingSettingsBody", description = "Replaces all settings: a field left out is unset")
    record SettingsBody(
            @Schema(
                    description =
                            "IANA zone your audience lives in: your history is read and hours are recommended in it when a request names no timezone",
                    example = "America/Los_Angeles")
            String audienceTimezone,

            @Schema(
                    description = "Per platform id, over audience_timezone",
                    example = "{\"instagram\": \"Asia/Kolkata\"}")
            Map<String, String> platformAudienceTimezones,

            @Schema(
                    description = "What recommendations and /optimize rank by when the request names none",
                    allowableValues = {"interactions", "engagement_rate", "views", "watch_time_seconds"})
            String objective) {}

    @Schema(name = "SchedulingSettings")
    record SettingsView(
            String audienceTimezone,
            Map<String, String> platformAudienceTimezones,

            @Schema(description = "null: not set (the default, interactions, applies)")
            String objective,

            @Schema(description = "The objective that applies when a request names none")
            String effectiveObjective,

            @Schema(description = "0 until the first PUT") int version,
            Instant updatedAt) {
        static SettingsView of(TenantSettings s) {
            Map<String, String> platforms = new LinkedHashMap<>();
            s.platformAudienceTimezones().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> platforms.put(e.getKey().id(), e.getValue().getId()));
            return new SettingsView(
                    s.audienceTimezone() == null ? null : s.audienceTimezone().getId(),
                    platforms,
                    s.objective() == null ? null : s.objective().id(),
                    s.objectiveOrDefault().id(),
                    s.version(),
                    s.updatedAt());
        }
    }

    @GetMapping
    @Operation(summary = "Your audience's time zone(s) and default objective")
    SettingsView get(Caller caller) {
        return SettingsView.of(settings.of(caller));
    }

    @PutMapping
    @Operation(summary = "Replace your settings (fields left out are unset)")
    SettingsView put(Caller caller, @RequestBody SettingsBody body) {
        FieldErrors errors = new FieldErrors();
        ZoneId zone = body.audienceTimezone() == null
                ? null
                : TimeZones.iana(body.audienceTimezone(), "audience_timezone", errors);
        Map<Platform, ZoneId> platforms = new java.util.TreeMap<>();
        if (body.platformAudienceTimezones() != null) {
            body.platformAudienceTimezones().forEach((name, value) -> {
                String field = "platform_audience_timezones." + name;
                Platform platform = catalog.find(name).orElse(null);
                if (platform == null) {
                    errors.add(field, "unknown platform '" + name + "'");
                } else if (platforms.containsKey(platform)) {
                    errors.add(field, "names " + platform.id() + " a second time");
                }
                ZoneId z = value == null ? null : TimeZones.iana(value, field, errors);
                if (value == null) {
                    errors.add(field, "is required (leave the platform out to unset it)");
                }
                if (platform != null && z != null) {
                    platforms.put(platform, z);
                }
            });
        }
        Objective objective = null;
        if (body.objective() != null) {
            objective = Objective.find(body.objective()).orElse(null);
            if (objective == null) {
                errors.add("objective", "unknown objective '" + body.objective() + "'; one of " + Objective.names());
            }
        }
        errors.throwIfAny();
        Instant now = clock.instant();
        return SettingsView.of(settings.replace(caller, new TenantSettings(zone, platforms, objective, 0, now), now));
    }
}
