package dev.primetime.recommendation;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.recommendation.RecommendationViews.EngagementCurve;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.ZoneId;
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
    private final BayesianEngagementModel model;
    private final PlatformCatalog platforms;
    private final Audiences audiences;
    private final Clock clock;

    EngagementCurveController(
            BayesianEngagementModel model, PlatformCatalog platforms, Audiences audiences, Clock clock) {
        this.model = model;
        this.platforms = platforms;
        this.audiences = audiences;
        this.clock = clock;
    }

    @GetMapping("/api/v1/scheduling/recommendations/curve")
    @Operation(summary = "Expected engagement for each of the 168 hours of the week, with its interval and confidence")
    EngagementCurve curve(
            @Parameter(description = "Platform id (x accepted)", required = true) @RequestParam(required = false)
                    String platform,
            @Parameter(description = "One of the platform's content types; default its first")
                    @RequestParam(name = "content_type", required = false)
                    String contentType,
            @Parameter(
                            description =
                                    "IANA zone of the audience (your history is read in it); default your settings'"
                                            + " audience_timezone for the platform, else your latest schedule's, else UTC")
                    @RequestParam(required = false)
                    String timezone,
            @Parameter(
                            description =
                                    "interactions, engagement_rate, views or watch_time_seconds; default your settings'")
                    @RequestParam(required = false)
                    String objective) {
        Optional<Caller> caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        FieldErrors errors = new FieldErrors();
        Platform chosen = null;
        if (platform == null || platform.isBlank()) {
            errors.add("platform", "is required");
        } else {
            chosen = platforms.find(platform).orElse(null);
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
        if (timezone != null && timezone.isBlank()) {
            timezone = null;
        }
        ZoneId requested = timezone == null ? null : TimeZones.iana(timezone, "timezone", errors);
        Objective asked =
                RecommendationController.objective(objective == null || objective.isBlank() ? null : objective, errors);
        errors.throwIfAny();
        Audiences.Context context = audiences.resolve(caller, requested, asked);
        Audiences.Audience audience = context.of(chosen);
        ZoneId zone = audience.zone();
        EngagementForecast forecast =
                model.snapshot(caller.map(Caller::tenantId)).forecast(chosen, type, zone, context.objective());
        WeeklyCurve expected = forecast.expected();
        int best = IntStream.range(0, WeeklyCurve.SLOTS)
                .reduce((a, b) -> expected.get(b) > expected.get(a) ? b : a)
                .orElseThrow();
        return new EngagementCurve(
                chosen.id(),
                type,
                zone.getId(),
                audience.timezoneSource(),
                context.objective().id(),
                context.objectiveSource(),
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
