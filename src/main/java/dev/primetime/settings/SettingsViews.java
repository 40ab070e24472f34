package dev.primetime.settings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the settings endpoint answers. */
final class SettingsViews {
    private SettingsViews() {}

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
}
