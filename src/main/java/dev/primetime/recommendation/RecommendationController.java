package dev.primetime.recommendation;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.web.ApiException;
import dev.primetime.web.DateTimeRange;
import dev.primetime.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/scheduling/recommendations")
@Tag(name = "recommendations", description = "When to post, per platform, with a confidence and a reason")
class RecommendationController {
    private static final Duration MAX_WINDOW = Duration.ofDays(90);
    private final RecommendationService recommendations;
    private final PlatformCatalog platforms;
    private final Audiences audiences;
    private final Clock clock;

    RecommendationController(
            RecommendationService recommendations, PlatformCatalog platforms, Audiences audiences, Clock clock) {
        this.recommendations = recommendations;
        this.platforms = platforms;
        this.audiences = audiences;
        this.clock = clock;
    }

    @GetMapping
    @Operation(
            summary =
                    "Best upcoming posting times; without a token from the platform defaults, with one from your own history")
    RecommendationViews.RecommendationList recommend(
            @Parameter(description = "Comma-separated platform ids or aliases; default every platform of the catalog")
                    @RequestParam(required = false)
                    String platforms,
            @Parameter(description = "1–200, default 5") @RequestParam(name = "target_count", required = false)
                    String targetCount,
            @Parameter(description = "Must be valid for every requested platform; default each platform's first")
                    @RequestParam(name = "content_type", required = false)
                    String contentType,
            @Parameter(
                            description =
                                    "IANA zone of the audience: your history is read and hours chosen in it; default your"
                                            + " settings' audience_timezone (per platform), else your latest schedule's,"
                                            + " else UTC")
                    @RequestParam(required = false)
                    String timezone,
            @Parameter(
                            description =
                                    "interactions, engagement_rate, views or watch_time_seconds; default your settings'"
                                            + " objective, else interactions")
                    @RequestParam(required = false)
                    String objective,
            @Parameter(description = "ISO-8601; default now") @RequestParam(required = false) String start,
            @Parameter(description = "ISO-8601; default start + 7 days") @RequestParam(required = false) String end,
            @Parameter(description = "Minimum hours between two slots of one platform; default the platform's spacing")
                    @RequestParam(name = "min_gap_hours", required = false)
                    String minGapHours,
            @Parameter(
                            description =
                                    "Try promising but uncertain hours (by Thompson sampling, unless exploration says otherwise)")
                    @RequestParam(required = false)
                    String explore,
            @Parameter(
                            description =
                                    "With explore=true: thompson (default), or bounds: per platform, alternately the hour that could"
                                            + " most beat the answer without exploring and the answer's hour least sure to belong there")
                    @RequestParam(required = false)
                    String exploration) {
        Optional<Caller> caller = Callers.of(SecurityContextHolder.getContext().getAuthentication());
        // The documented URL template lists every parameter, empty ones too (content_type=&timezone=&…): empty
        // means the default, as for platforms.
        targetCount = blankAsAbsent(targetCount);
        contentType = blankAsAbsent(contentType);
        timezone = blankAsAbsent(timezone);
        start = blankAsAbsent(start);
        end = blankAsAbsent(end);
        minGapHours = blankAsAbsent(minGapHours);
        explore = blankAsAbsent(explore);
        exploration = blankAsAbsent(exploration);
        objective = blankAsAbsent(objective);
        FieldErrors errors = new FieldErrors();
        List<RecommendationService.PlatformTarget> targets = targets(platforms, contentType, errors);
        int count = integer(targetCount, "target_count", 5, 1, 200, errors);
        ZoneId requested = timezone == null ? null : dev.primetime.web.TimeZones.iana(timezone, "timezone", errors);
        Objective asked = objective(objective, errors);
        Instant now = clock.instant();
        Instant from = time(start, "start", errors);
        Instant to = time(end, "end", errors);
        from = from == null ? now : from;
        to = to == null ? from.plus(Duration.ofDays(7)) : to;
        if (!to.isAfter(from)) {
            errors.add("end", "must be after start");
        } else if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            errors.add("end", "the window may span at most 90 days");
        } else if (!to.isAfter(now)) {
            errors.add("end", "must be in the future");
        }
        Double gap = null;
        if (minGapHours != null) {
            try {
                gap = Double.parseDouble(minGapHours);
                if (!(gap >= 0 && gap <= 168)) {
                    errors.add("min_gap_hours", "must be between 0 and 168");
                }
            } catch (NumberFormatException e) {
                errors.add("min_gap_hours", "must be a number");
            }
        }
        boolean exploring = false;
        if (explore != null) {
            if (!explore.equals("true") && !explore.equals("false")) {
                errors.add("explore", "must be true or false");
            }
            exploring = explore.equals("true");
        }
        RecommendationService.Exploration how =
                exploring ? RecommendationService.Exploration.THOMPSON : RecommendationService.Exploration.NONE;
        if (exploration != null) {
            if (!exploration.equals("thompson") && !exploration.equals("bounds")) {
                errors.add("exploration", "must be thompson or bounds");
            } else if (!exploring && (explore == null || explore.equals("false"))) {
                errors.add("exploration", "applies only with explore=true");
            } else if (exploration.equals("bounds")) {
                how = RecommendationService.Exploration.BOUNDS;
            }
        }
        errors.throwIfAny();
        Audiences.Context audience = audiences.resolve(caller, requested, asked);
        List<Audiences.Audience> perTarget =
                targets.stream().map(t -> audience.of(t.platform())).toList();
        return recommendations.recommend(
                caller,
                new RecommendationService.Query(
                        targets, count, audience.general().zone(), perTarget, audience.objective(), from, to, gap, how),
                audience.objectiveSource());
    }

    /** The objective a request names, or null (then the settings' or the default applies). */
    static Objective objective(String raw, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        Optional<Objective> found = Objective.find(raw.strip());
        if (found.isEmpty()) {
            errors.add("objective", "unknown objective '" + raw + "'; one of " + Objective.names());
        }
        return found.orElse(null);
    }

    @PostMapping("/{id}/accept")
    @Operation(summary = "Add a recommended slot to a schedule as an item")
    ResponseEntity<RecommendationViews.Accepted> accept(
            Caller caller, @PathVariable String id, @RequestBody RecommendationRequests.Accept request) {
        UUID slotId;
        try {
            slotId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("recommendation");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(recommendations.accept(caller, slotId, request));
    }

    private List<RecommendationService.PlatformTarget> targets(
            String requested, String contentType, FieldErrors errors) {
        Set<Platform> chosen = new LinkedHashSet<>();
        if (requested == null || requested.isBlank()) {
            chosen.addAll(platforms.platforms());
        } else {
            for (String name : requested.split(",")) {
                platforms
                        .find(name)
                        .ifPresentOrElse(
                                chosen::add, () -> errors.add("platforms", "unknown platform '" + name.strip() + "'"));
            }
        }
        List<RecommendationService.PlatformTarget> targets = new ArrayList<>();
        for (Platform p : chosen) {
            var profile = platforms.profile(p);
            if (contentType == null) {
                targets.add(new RecommendationService.PlatformTarget(
                        p, profile.defaultContentType().contentType()));
            } else if (profile.contentType(contentType).isPresent()) {
                targets.add(new RecommendationService.PlatformTarget(p, contentType));
            } else {
                errors.add("content_type", "'" + contentType + "' is not a content type of " + p);
            }
        }
        return targets;
    }

    private static String blankAsAbsent(String raw) {
        return raw == null || raw.isBlank() ? null : raw;
    }

    private static int integer(String raw, String field, int fallback, int min, int max, FieldErrors errors) {
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                errors.add(field, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(field, "must be a whole number");
            return fallback;
        }
    }

    private static Instant time(String raw, String field, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        try {
            return DateTimeRange.check(OffsetDateTime.parse(raw.strip()).toInstant(), field, errors);
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + raw + "' is not an ISO-8601 date-time with an offset");
            return null;
        }
    }
}
