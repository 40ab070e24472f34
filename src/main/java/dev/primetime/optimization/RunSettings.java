package dev.primetime.optimization;

import dev.primetime.engagement.Objective;
import dev.primetime.optimization.OptimizationRequests.OptimizeRequest;
import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.web.FieldErrors;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A validated optimization request with every default filled in.
 *
 * @param horizonStart null: from now; horizonEnd null: 14 days after the start
 */
record RunSettings(
        UUID scheduleId,
        Instant horizonStart,
        Instant horizonEnd,
        int granularityMinutes,
        Duration timeLimit,
        long seed,
        Map<Platform, PlatformRules> rules,
        List<Blackout> blackouts,
        Set<UUID> pinnedItemIds,
        int staggerMinutes,
        Optional<Objective> objective) {
    static final int MINUTES_PER_WEEK = 7 * 24 * 60;
    static final Duration DEFAULT_HORIZON = Duration.ofDays(14);

    static RunSettings of(OptimizeRequest request, PlatformCatalog catalog) {
        FieldErrors errors = new FieldErrors();
        UUID scheduleId = null;
        if (request.scheduleId() == null) {
            errors.add("schedule_id", "is required");
        } else {
            scheduleId = uuid(request.scheduleId(), "schedule_id", errors);
        }
        Instant start = null;
        Instant end = null;
        if (request.horizon() != null) {
            start = instant(request.horizon().start(), "horizon.start", errors);
            end = instant(request.horizon().end(), "horizon.end", errors);
            if (start != null && end != null && !start.isBefore(end)) {
                errors.add("horizon.end", "must be after horizon.start");
            }
            if (start != null && end != null && Duration.between(start, end).compareTo(Duration.ofDays(92)) > 0) {
                errors.add("horizon", "spans at most 92 days");
            }
        }
        int granularity = request.granularityMinutes() == null ? 60 : request.granularityMinutes();
        if (granularity != 15 && granularity != 30 && granularity != 60) {
            errors.add("granularity_minutes", "must be 15, 30 or 60");
        }
        long limit = request.timeLimitMs() == null ? 2000 : request.timeLimitMs();
        if (limit < 1 || limit > 60_000) {
            errors.add("time_limit_ms", "must be between 1 and 60000");
        }
        OptimizeRequest.Constraints c = request.constraints() == null
                ? new OptimizeRequest.Constraints(null, null, null, null, null, null)
                : request.constraints();
        Map<Platform, Integer> minGap =
                perPlatform(catalog, c.minGapMinutes(), "constraints.min_gap_minutes", 0, MINUTES_PER_WEEK, errors);
        Map<Platform, Integer> maxDay = perPlatform(catalog, c.maxPerDay(), "constraints.max_per_day", 0, 1440, errors);
        Map<Platform, Integer> maxWeek =
                perPlatform(catalog, c.maxPerWeek(), "constraints.max_per_week", 0, 10_080, errors);
        List<Blackout> blackouts = blackouts(c.blackouts(), errors);
        Set<UUID> pinned = new HashSet<>();
        if (c.pinnedItemIds() != null) {
            for (int i = 0; i < c.pinnedItemIds().size(); i++) {
                UUID id = uuid(c.pinnedItemIds().get(i), "constraints.pinned_item_ids[" + i + "]", errors);
                if (id != null) {
                    pinned.add(id);
                }
            }
        }
        int stagger = c.staggerSameContentMinutes() == null ? 60 : c.staggerSameContentMinutes();
        if (stagger < 0 || stagger > MINUTES_PER_WEEK) {
            errors.add("constraints.stagger_same_content_minutes", "must be between 0 and 10080");
        }
        Optional<Objective> objective = objective(request.objective(), errors);
        errors.throwIfAny();
        Map<Platform, PlatformRules> rules = new LinkedHashMap<>();
        for (Platform platform : catalog.platforms()) {
            List<ContentTypeProfile> types = catalog.profile(platform).contentTypes();
            int gap = minGap.getOrDefault(
                    platform,
                    types.stream()
                            .mapToInt(ContentTypeProfile::minSpacingMinutes)
                            .min()
                            .orElse(0));
            int week = maxWeek.getOrDefault(
                    platform,
                    types.stream()
                            .mapToInt(ContentTypeProfile::maxPerWeek)
                            .max()
                            .orElse(Integer.MAX_VALUE));
            int day = maxDay.getOrDefault(platform, Integer.MAX_VALUE);
            // The spacing that spreads the weekly maximum evenly; closer posts tire the audience.
            int ideal = Math.max(gap, week == 0 ? gap : MINUTES_PER_WEEK / week);
            rules.put(platform, new PlatformRules(platform, gap, day, week, ideal));
        }
        return new RunSettings(
                scheduleId,
                start,
                end,
                granularity,
                Duration.ofMillis(limit),
                request.seed() == null ? 0 : request.seed(),
                rules,
                blackouts,
                pinned,
                stagger,
                objective);
    }

    /** The outcome the slot scores forecast (issue 18); empty: the tenant's default. */
    private static Optional<Objective> objective(String raw, FieldErrors errors) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<Objective> found = Objective.find(raw);
        if (found.isEmpty()) {
            errors.add("objective", "unknown objective '" + raw + "'; one of " + Objective.names());
        }
        return found;
    }

    private static Map<Platform, Integer> perPlatform(
            PlatformCatalog catalog, Map<String, Integer> values, String field, int min, int max, FieldErrors errors) {
        Map<Platform, Integer> result = new HashMap<>();
        if (values == null) {
            return result;
        }
        values.forEach((key, value) -> {
            Platform platform = catalog.find(key).orElse(null);
            if (platform == null) {
                errors.add(field + "." + key, "is not a platform");
            } else if (value == null || value < min || value > max) {
                errors.add(field + "." + key, "must be between " + min + " and " + max);
            } else {
                result.put(platform, value);
            }
        });
        return result;
    }

    private static List<Blackout> blackouts(List<OptimizeRequest.BlackoutRequest> requests, FieldErrors errors) {
        List<Blackout> blackouts = new ArrayList<>();
        if (requests == null) {
            return blackouts;
        }
        for (int i = 0; i < requests.size(); i++) {
            String at = "constraints.blackouts[" + i + "]";
            OptimizeRequest.BlackoutRequest b = requests.get(i);
            if (b == null) {
                errors.add(at, "must be an object");
                continue;
            }
            boolean range = b.start() != null || b.end() != null;
            boolean weekly = b.days() != null || b.from() != null || b.to() != null;
            if (range == weekly) {
                errors.add(at, "give either start and end, or days, from and to");
                continue;
            }
            if (range) {
                Instant start = instant(b.start(), at + ".start", errors);
                Instant end = instant(b.end(), at + ".end", errors);
                if (start != null && end != null && !start.isBefore(end)) {
                    errors.add(at + ".end", "must be after start");
                } else if (start != null && end != null) {
                    blackouts.add(new Blackout.Range(start, end));
                }
                continue;
            }
            Set<DayOfWeek> days = new HashSet<>();
            if (b.days() == null || b.days().isEmpty()) {
                errors.add(at + ".days", "names at least one day (mon … sun)");
            } else {
                for (String d : b.days()) {
                    DayOfWeek day = day(d);
                    if (day == null) {
                        errors.add(at + ".days", "'" + d + "' is not a day (mon … sun)");
                    } else {
                        days.add(day);
                    }
                }
            }
            LocalTime from = localTime(b.from(), at + ".from", errors);
            LocalTime to = localTime(b.to(), at + ".to", errors);
            if (from != null && to != null && !days.isEmpty()) {
                blackouts.add(new Blackout.Weekly(Set.copyOf(days), from, to));
            }
        }
        return blackouts;
    }

    private static DayOfWeek day(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            if (v.equals(name) || v.equals(name.substring(0, 3))) {
                return d;
            }
        }
        return null;
    }

    private static LocalTime localTime(String value, String field, FieldErrors errors) {
        if (value == null) {
            errors.add(field, "is required (HH:MM)");
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be a local time HH:MM");
            return null;
        }
    }

    private static Instant instant(String value, String field, FieldErrors errors) {
        if (value == null) {
            errors.add(field, "is required");
            return null;
        }
        try {
            return dev.primetime.web.DateTimeRange.check(
                    OffsetDateTime.parse(value).toInstant(), field, errors);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 date-time with an offset");
            return null;
        }
    }

    private static UUID uuid(String value, String field, FieldErrors errors) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(field, "must be a UUID");
            return null;
        }
    }
}
