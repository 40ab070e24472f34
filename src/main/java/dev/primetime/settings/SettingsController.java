package dev.primetime.settings;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.settings.SettingsRequests.SettingsBody;
import dev.primetime.settings.SettingsViews.SettingsView;
import dev.primetime.tenancy.Caller;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
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
