package dev.primetime.optimization;

import dev.primetime.calendar.ItemStatus;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedItem;
import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.platform.Platform;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a plan (each item's time) against a request's hard rules from the request's own terms: instants, the
 * schedule's zone through java.time (local dates, Monday weeks, blackouts as the request states them). It shares no
 * code with the solver's model or score (no TimeSlot, no day or week numbers, no constraint streams), so a mistake in
 * mapping a request to the solver, e.g. around a daylight-saving change, shows here.
 */
final class PlanCheck {
    private PlanCheck() {}

    /** Broken rules, described; empty when the plan keeps them all. */
    static List<String> violations(GeneratedInstance instance, Map<UUID, Instant> times) {
        RunSettings settings = instance.settings();
        ZoneId zone = instance.zone();
        record Placed(PlannedItem item, Instant at, boolean movable) {}
        List<Placed> placed = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (PlannedItem item : instance.schedule().items()) {
            boolean open = item.status() == ItemStatus.PENDING || item.status() == ItemStatus.SCHEDULED;
            boolean inHorizon = item.scheduledTime() == null
                    || (!item.scheduledTime().isBefore(settings.horizonStart())
                            && item.scheduledTime().isBefore(settings.horizonEnd()));
            boolean movable = open
                    && inHorizon
                    && !item.pinned()
                    && !settings.pinnedItemIds().contains(item.id());
            Instant at = movable ? times.get(item.id()) : item.scheduledTime();
            if (movable && at == null) {
                broken.add("item " + item.id() + " has no time");
                continue;
            }
            if (movable && !at.equals(times.getOrDefault(item.id(), at))) {
                broken.add("item " + item.id() + " moved");
            }
            if (!movable
                    && times.containsKey(item.id())
                    && !times.get(item.id()).equals(item.scheduledTime())) {
                broken.add("fixed item " + item.id() + " moved");
            }
            if (at == null) {
                continue;
            }
            placed.add(new Placed(item, at, movable));
            if (!movable) {
                continue;
            }
            if (item.earliestTime() != null && at.isBefore(item.earliestTime())) {
                broken.add("item " + item.id() + " before its earliest_time");
            }
            if (item.latestTime() != null && at.isAfter(item.latestTime())) {
                broken.add("item " + item.id() + " after its latest_time");
            }
            if (at.isBefore(settings.horizonStart()) || !at.isBefore(settings.horizonEnd())) {
                broken.add("item " + item.id() + " outside the horizon");
            }
            for (Blackout b : settings.blackouts()) {
                if (b.covers(at, zone)) {
                    broken.add("item " + item.id() + " in blackout " + b);
                }
            }
        }
        Map<Platform, List<Placed>> byPlatform = new HashMap<>();
        placed.forEach(p -> byPlatform
                .computeIfAbsent(p.item().platform(), k -> new ArrayList<>())
                .add(p));
        for (Map.Entry<Platform, List<Placed>> e : byPlatform.entrySet()) {
            PlatformRules rules = settings.rules().get(e.getKey());
            List<Placed> posts = new ArrayList<>(e.getValue());
            posts.sort(Comparator.comparing(Placed::at));
            for (int i = 0; i < posts.size(); i++) {
                for (int j = i + 1; j < posts.size(); j++) {
                    long minutes = (posts.get(j).at().getEpochSecond()
                                    - posts.get(i).at().getEpochSecond())
                            / 60;
                    if (minutes >= rules.minGapMinutes()) {
                        break;
                    }
                    if (posts.get(i).movable() || posts.get(j).movable()) {
                        broken.add(e.getKey() + ": " + posts.get(i).item().id() + " and "
                                + posts.get(j).item().id() + " " + minutes + " min apart, gap "
                                + rules.minGapMinutes());
                    }
                }
            }
            Map<LocalDate, int[]> days = new HashMap<>();
            Map<LocalDate, int[]> weeks = new HashMap<>();
            for (Placed p : posts) {
                LocalDate day = LocalDate.ofInstant(p.at(), zone);
                LocalDate week = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                int[] d = days.computeIfAbsent(day, k -> new int[2]);
                int[] w = weeks.computeIfAbsent(week, k -> new int[2]);
                d[0]++;
                w[0]++;
                if (p.movable()) {
                    d[1]++;
                    w[1]++;
                }
            }
            days.forEach((day, n) -> {
                if (n[0] > rules.maxPerDay() && n[1] > 0) {
                    broken.add(e.getKey() + ": " + n[0] + " posts on " + day + ", max_per_day " + rules.maxPerDay());
                }
            });
            weeks.forEach((week, n) -> {
                if (n[0] > rules.maxPerWeek() && n[1] > 0) {
                    broken.add(e.getKey() + ": " + n[0] + " posts in the week of " + week + ", max_per_week "
                            + rules.maxPerWeek());
                }
            });
        }
        Map<String, List<Placed>> byContent = new HashMap<>();
        placed.forEach(p -> byContent
                .computeIfAbsent(p.item().contentId(), k -> new ArrayList<>())
                .add(p));
        for (List<Placed> same : byContent.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    Placed a = same.get(i);
                    Placed b = same.get(j);
                    long minutes = Math.abs(a.at().getEpochSecond() - b.at().getEpochSecond()) / 60;
                    if (a.item().platform() != b.item().platform()
                            && (a.movable() || b.movable())
                            && minutes < settings.staggerMinutes()) {
                        broken.add("content " + a.item().contentId() + " on "
                                + a.item().platform() + " and "
                                + b.item().platform() + " " + minutes + " min apart, stagger "
                                + settings.staggerMinutes());
                    }
                }
            }
        }
        return broken;
    }
}
