package dev.primetime.recommendation;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The whole hour-of-week forecast behind the recommendations, for drawing it (the web page's heat map): the
 * tenant's posterior with a token, the platform prior without one. Read-only; stores nothing.
 */
@RestController
@Tag(name = "recommendations")
class EngagementCurveController {
    private final EngagementModel model;
    private final PlatformCatalog platforms;
    private final CalendarItems calendar;
    private final Clock clock;

    EngagementCurveController(EngagementModel model, PlatformCatalog platforms, CalendarItems calendar, Clock clock) {
        this.model = model;
        this.platforms = platforms;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Schema(name = "EngagementCurve")
    record EngagementCurve(
            String platform,
            String contentType,

            @Schema(description = "The local clock of the slots' current_slot; the curve itself is audience-local")
            String timezone,

            @Schema(allowableValues = {"platform_defaults", "tenant_history"})
            String basis,

            @Schema(description = "Engagement events that informed the forecast; 0 for the platform prior alone")
            int observations,

            @Schema(description = "0–167: the hour of the week it is now in timezone")
            int currentSlot,

            @Schema(description = "0–167: the slot with the highest expected engagement")
            int bestSlot,

            @Schema(description = "168 values, Monday 00:00 local first; same scale as expected_engagement")
            List<Double> expected,

            @Schema(description = "168 values: lower end of the 90% credible interval")
            List<Double> lower,

            @Schema(description = "168 values: upper end of the 90% credible interval")
            List<Double> upper,

            @Schema(description = "168 values, 0–1, from the width of the interval relative to its mean")
            List<Double> confidence) {}

    @GetMapping("/api/v1/scheduling/recommendations/curve")
    @Operation(summary = "Expected engagement for each of the 168 hours of the week, with its interval and confidence")
    EngagementCurve curve(
            @Parameter(description = "Platform id (x accepted)", required = true) @RequestParam(required = false)
                    String platform,
            @Parameter(description = "One of the platform's content types; default its first")
                    @RequestParam(name = "content_type", required = false)
                    String contentType,
            @Parameter(description = "IANA zone; default your latest schedule's, else UTC")
                    @RequestParam(required = false)
                    String timezone) {
        Optional<Caller> caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        FieldErrors errors = new FieldErrors();
        Platform chosen = null;
        if (platform == null || platform.isBlank()) {
            errors.add("platform", "is required");
        } else {
            chosen = Platform.find(platform).orElse(null);
            if (chosen == null) {
                errors.add("platform", "unknown platform '" + platform.strip() + "'");
            }
        }
        String type = contentType;
        if (chosen != null) {
            var profile = platforms.profile(chosen);
            if (type == null) {
                type = profile.defaultContentType().contentType();
            } else if (profile.contentType(type).isEmpty()) {
                errors.add("content_type", "'" + type + "' is not a content type of " + chosen);
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        if (timezone != null) {
            ZoneId requested = TimeZones.iana(timezone, "timezone", errors);
            zone = requested == null ? zone : requested;
        } else if (caller.isPresent()) {
            zone = calendar.latestTimezone(caller.get()).orElse(ZoneOffset.UTC);
        }
        errors.throwIfAny();
        EngagementForecast forecast = model.forecast(caller.map(Caller::tenantId), chosen, type);
        WeeklyCurve expected = forecast.expected();
        int best = IntStream.range(0, WeeklyCurve.SLOTS)
                .reduce((a, b) -> expected.get(b) > expected.get(a) ? b : a)
                .orElseThrow();
        return new EngagementCurve(
                chosen.id(),
                type,
                zone.getId(),
                forecast.observations() > 0 ? "tenant_history" : "platform_defaults",
                forecast.observations(),
                WeeklyCurve.slot(clock.instant(), zone),
                best,
                values(expected),
                values(forecast.lower()),
                values(forecast.upper()),
                IntStream.range(0, WeeklyCurve.SLOTS)
                        .mapToObj(slot -> round(forecast.confidence(slot)))
                        .toList());
    }

    private static List<Double> values(WeeklyCurve curve) {
        return IntStream.range(0, WeeklyCurve.SLOTS)
                .mapToObj(slot -> round(curve.get(slot)))
                .toList();
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
