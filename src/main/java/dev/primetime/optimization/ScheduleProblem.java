package dev.primetime.optimization;

import dev.primetime.calendar.ItemStatus;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedItem;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedSchedule;
import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleConstraints;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.recommendation.EngagementForecast;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps a schedule (calendar's types) and a request's settings to the solver's model, and proves a problem impossible
 * before any solving where it can: an item with no allowed slot, or items that can only post in some interval
 * outnumbering the room a platform's rules leave there ({@link CountingProof}; fixed items already over a cap leave
 * none there, and are no conflict themselves). Each conflict is such a proof, never a guess.
 */
final class ScheduleProblem {
    final ScheduleSolution solution;
    final Map<String, PlannedItem> items = new LinkedHashMap<>();
    /** Each movable post's time before the run (null when it had none). */
    final Map<String, TimeSlot> before = new HashMap<>();

    final Map<String, EngagementForecast> forecasts = new HashMap<>();
    final List<String> conflicts = new ArrayList<>();
    final ZoneId zone;
    final int granularityMinutes;

    private ScheduleProblem(ScheduleSolution solution, ZoneId zone, int granularityMinutes) {
        this.solution = solution;
        this.zone = zone;
        this.granularityMinutes = granularityMinutes;
    }

    static ScheduleProblem build(
            PlannedSchedule schedule,
            RunSettings settings,
            Instant now,
            Function<PlannedItem, EngagementForecast> forecast) {
        ZoneId zone = schedule.zone();
        long step = settings.granularityMinutes();
        // Moves are written when the run ends, up to its time limit from now: no slot before that, or an item could
        // be moved into the past (and be dispatched late at once).
        Instant writtenBy = now.plus(settings.timeLimit()).plusSeconds(1);
        Instant requested =
                settings.horizonStart() == null || settings.horizonStart().isBefore(writtenBy)
                        ? writtenBy
                        : settings.horizonStart();
        long firstMinute = Math.floorDiv(requested.getEpochSecond() + 59, 60);
        // The grid follows the schedule's clock: India's (+05:30) full hours are at half past in UTC. Offsets are
        // whole quarter hours, and daylight saving moves them by whole hours (Lord Howe Island's 30 minutes aside),
        // so the steps stay on it.
        long offsetMinutes = zone.getRules().getOffset(requested).getTotalSeconds() / 60;
        firstMinute = Math.floorDiv(firstMinute + offsetMinutes + step - 1, step) * step - offsetMinutes;
        Instant start = Instant.ofEpochSecond(firstMinute * 60);
        Instant end = settings.horizonEnd() == null ? start.plus(RunSettings.DEFAULT_HORIZON) : settings.horizonEnd();
        List<TimeSlot> grid = new ArrayList<>();
        for (Instant t = start; t.isBefore(end); t = t.plusSeconds(step * 60)) {
            grid.add(new TimeSlot(grid.size(), t, day(t, zone), blacked(settings, t, zone)));
        }
        List<Post> posts = new ArrayList<>();
        List<Post> fixed = new ArrayList<>();
        List<PlannedItem> movable = new ArrayList<>();
        for (PlannedItem item : schedule.items()) {
            boolean open = item.status() == ItemStatus.PENDING || item.status() == ItemStatus.SCHEDULED;
            boolean inHorizon = item.scheduledTime() == null
                    || (!item.scheduledTime().isBefore(start)
                            && item.scheduledTime().isBefore(end));
            if (open && !item.pinned() && !settings.pinnedItemIds().contains(item.id()) && inHorizon) {
                movable.add(item);
            } else if (item.scheduledTime() != null
                    && item.status() != ItemStatus.SKIPPED
                    && item.status() != ItemStatus.FAILED) {
                // Pinned, published and out-of-horizon items still post, so they count for caps and spacing.
                TimeSlot at = TimeSlot.offGrid(item.scheduledTime(), day(item.scheduledTime(), zone), false, 0);
                Post post = new Post(
                        item.id().toString(),
                        item.contentId(),
                        settings.rules().get(item.platform()),
                        settings.staggerMinutes(),
                        weight(item),
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        new long[0],
                        true,
                        List.of(at),
                        at);
                fixed.add(post);
            }
        }
        ScheduleProblem problem = new ScheduleProblem(
                new ScheduleSolution(grid, List.copyOf(settings.rules().values()), posts), zone, (int) step);
        posts.addAll(fixed);
        Map<String, PlannedItem> itemsById = new HashMap<>();
        schedule.items().forEach(i -> itemsById.put(i.id().toString(), i));
        fixed.forEach(p -> problem.items.put(p.id(), itemsById.get(p.id())));
        // built while the schedule is locked, for every movable item × slot: a lookup each, not a scan of the fixed
        FixedPosts fixedPosts = new FixedPosts(fixed);
        for (PlannedItem item : movable) {
            EngagementForecast f = forecast.apply(item);
            PlatformRules rules = settings.rules().get(item.platform());
            double weight = weight(item);
            long[] values = new long[grid.size()];
            for (TimeSlot slot : grid) {
                values[slot.index()] = value(f, slot.start(), zone, weight);
            }
            // the first whole minute at or after earliest_time: 10:00:30 must not allow 10:00
            long earliest = item.earliestTime() == null ? Long.MIN_VALUE : minuteAtOrAfter(item.earliestTime());
            long latest = item.latestTime() == null ? Long.MAX_VALUE : minute(item.latestTime());
            List<TimeSlot> allowed = new ArrayList<>();
            int inWindow = 0;
            int notDark = 0;
            List<String> blockers = new ArrayList<>();
            for (TimeSlot slot : grid) {
                if (slot.minute() < earliest || slot.minute() > latest) {
                    continue;
                }
                inWindow++;
                if (slot.blackout()) {
                    continue;
                }
                notDark++;
                Post blocker = fixedPosts.blocking(item, rules, settings.staggerMinutes(), slot.minute());
                if (blocker != null) {
                    if (blockers.size() < 3 && !blockers.contains(blocker.id())) {
                        blockers.add(blocker.id());
                    }
                    continue;
                }
                allowed.add(slot);
            }
            if (allowed.isEmpty()) {
                String id = item.id().toString();
                problem.conflicts.add(
                        inWindow == 0
                                ? "item " + id + ": its earliest_time/latest_time window has no slot in the horizon"
                                : notDark == 0
                                        ? "item " + id + ": blackouts cover every slot of its window"
                                        : "item " + id
                                                + ": min_gap_minutes/stagger_same_content_minutes with fixed items "
                                                + blockers + " leave no slot in its window");
            }
            TimeSlot current = null;
            if (item.scheduledTime() != null) {
                Instant t = item.scheduledTime();
                long offset = minute(t) - firstMinute;
                boolean onGrid = t.getEpochSecond() % 60 == 0 && offset % step == 0;
                current = onGrid
                        ? grid.get((int) (offset / step))
                        : TimeSlot.offGrid(t, day(t, zone), blacked(settings, t, zone), value(f, t, zone, weight));
            }
            Post post = new Post(
                    item.id().toString(),
                    item.contentId(),
                    rules,
                    settings.staggerMinutes(),
                    weight,
                    earliest,
                    latest,
                    values,
                    false,
                    allowed,
                    current);
            posts.add(post);
            problem.items.put(post.id(), item);
            problem.before.put(post.id(), current);
            problem.forecasts.put(post.id(), f);
        }
        // a proof by counting: items that can only post in some interval outnumber the room the rules leave there
        for (CountingProof.Certificate certificate : CountingProof.find(problem.solution)) {
            problem.conflicts.add(certificate.describe(zone));
        }
        return problem;
    }

    /** Starts the search from the current times where they are allowed slots; the rest start unassigned. */
    void startFromCurrentTimes() {
        for (Post p : solution.posts()) {
            if (p.movable()) {
                TimeSlot current = before.get(p.id());
                p.assign(
                        current != null
                                        && current.index() >= 0
                                        && p.allowedSlots().contains(current)
                                ? current
                                : null);
            }
        }
    }

    /** The schedule as it was before the run, for scoring it: movable posts at their own times. */
    ScheduleSolution asItWas() {
        List<Post> posts = solution.posts().stream()
                .map(p -> p.movable() ? p.placedAt(before.get(p.id())) : p)
                .toList();
        return new ScheduleSolution(solution.slots(), solution.rules(), posts);
    }

    /** The fixed posts by platform and minute and by content, so checking whether one blocks a slot is a lookup. */
    private static final class FixedPosts {
        private final Map<PlatformRules, java.util.TreeMap<Long, Post>> byPlatform = new HashMap<>();
        private final Map<String, List<Post>> byContent = new HashMap<>();

        FixedPosts(List<Post> fixed) {
            for (Post f : fixed) {
                // two fixed posts in one minute on one platform block the same slots: one is enough
                byPlatform
                        .computeIfAbsent(f.rules(), r -> new java.util.TreeMap<>())
                        .putIfAbsent(f.minute(), f);
                byContent.computeIfAbsent(f.contentId(), c -> new ArrayList<>()).add(f);
            }
        }

        /**
         * A fixed post that rules the minute out for the item: on its platform closer than the minimum gap, or the
         * same content on another platform closer than the stagger; null when none does.
         */
        Post blocking(PlannedItem item, PlatformRules rules, int stagger, long minute) {
            var onPlatform = byPlatform.get(rules);
            int gap = rules.minGapMinutes();
            if (onPlatform != null && gap > 0) {
                var near = onPlatform.subMap(minute - gap, false, minute + gap, false);
                if (!near.isEmpty()) {
                    return near.firstEntry().getValue();
                }
            }
            for (Post f : byContent.getOrDefault(item.contentId(), List.of())) {
                if (!f.rules().equals(rules) && Math.abs(f.minute() - minute) < stagger) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Priority 0–100 (default 50) weighs an item 0.5–1.5. */
    static double weight(PlannedItem item) {
        return 0.5 + item.priority() / 100.0;
    }

    static long value(EngagementForecast forecast, Instant at, ZoneId zone, double weight) {
        // read in the forecast's own zone: the audience's, which may not be the schedule's
        return Math.round(forecast.expectedAt(at) * weight * ScheduleConstraints.SCALE);
    }

    private static boolean blacked(RunSettings settings, Instant t, ZoneId zone) {
        for (Blackout b : settings.blackouts()) {
            if (b.covers(t, zone)) {
                return true;
            }
        }
        return false;
    }

    private static long day(Instant t, ZoneId zone) {
        return LocalDate.ofInstant(t, zone).toEpochDay();
    }

    private static long minute(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    private static long minuteAtOrAfter(Instant t) {
        long minute = minute(t);
        return t.equals(Instant.ofEpochSecond(minute * 60)) ? minute : minute + 1;
    }
}
