package dev.primetime.settings;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** What the settings endpoint reads (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class SettingsRequests {
    private SettingsRequests() {}

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
}
