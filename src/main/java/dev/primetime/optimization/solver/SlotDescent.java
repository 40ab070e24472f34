package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Best-slot descent from a feasible schedule: each movable post in turn moves to the slot that gains the most
 * (engagement minus audience fatigue with its platform's neighbours) among the slots that break no hard rule given
 * every other post, until a pass changes nothing. Timefold's random change moves rarely find these moves among ~300
 * slots per post; evaluating all of one post's slots with the rules checked locally takes microseconds.
 *
 * <p>The rules checked here mirror {@link ScheduleConstraints}; the caller keeps the result only if the solver's own
 * score confirms it is feasible and better, so a difference between the two can cost time but never a wrong answer.
 */
final class SlotDescent {
    private SlotDescent() {}

    /** @return moves made */
    static int improve(ScheduleSolution solution, int maxPasses) {
        Map<PlatformRules, NavigableMap<Long, List<Post>>> byPlatform = new HashMap<>();
        Map<String, List<Post>> byContent = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.slot() == null) {
                return 0;
            }
            add(p, byPlatform, counts);
            byContent.computeIfAbsent(p.contentId(), k -> new ArrayList<>()).add(p);
        }
        List<Post> movable = solution.posts().stream()
                .filter(Post::movable)
                .sorted(Comparator.comparing(Post::id))
                .toList();
        int moves = 0;
        for (int pass = 0; pass < maxPasses; pass++) {
            int movesThisPass = 0;
            for (Post p : movable) {
                TimeSlot current = p.slot();
                remove(p, byPlatform, counts);
                NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
                long currentGain = gain(p, current, platform);
                TimeSlot best = current;
                long bestGain = currentGain;
                for (TimeSlot s : p.allowedSlots()) {
                    if (s == current || !allowed(p, s, platform, byContent, counts)) {
                        continue;
                    }
                    long g = gain(p, s, platform);
                    if (g > bestGain) {
                        best = s;
                        bestGain = g;
                    }
                }
                p.assign(best);
                add(p, byPlatform, counts);
                if (best != current) {
                    movesThisPass++;
                }
            }
            moves += movesThisPass;
            if (movesThisPass == 0) {
                break;
            }
        }
        return moves;
    }

    /** Engagement at {@code s} minus the fatigue {@code p} would share with its platform's posts there. */
    private static long gain(Post p, TimeSlot s, NavigableMap<Long, List<Post>> platform) {
        long ideal = p.rules().idealSpacingMinutes();
        long fatigue = 0;
        for (List<Post> near : platform.subMap(s.minute() - ideal, false, s.minute() + ideal, false)
                .values()) {
            for (Post q : near) {
                double closeness = (ideal - Math.abs(s.minute() - q.minute())) / (double) ideal;
                fatigue += Math.round(ScheduleConstraints.FATIGUE
                        * closeness
                        * (p.weight() + q.weight())
                        / 2
                        * ScheduleConstraints.SCALE);
            }
        }
        return p.valueAt(s) - fatigue;
    }

    private static boolean allowed(
            Post p,
            TimeSlot s,
            NavigableMap<Long, List<Post>> platform,
            Map<String, List<Post>> byContent,
            Map<String, Integer> counts) {
        if (s.blackout() || s.minute() < p.earliestMinute() || s.minute() > p.latestMinute()) {
            return false;
        }
        PlatformRules rules = p.rules();
        if (counts.getOrDefault(dayKey(rules, s.day()), 0) + 1 > rules.maxPerDay()
                || counts.getOrDefault(weekKey(rules, s.week()), 0) + 1 > rules.maxPerWeek()) {
            return false;
        }
        long gap = rules.minGapMinutes();
        if (gap > 0
                && !platform.subMap(s.minute() - gap, false, s.minute() + gap, false)
                        .isEmpty()) {
            return false;
        }
        for (Post q : byContent.getOrDefault(p.contentId(), List.of())) {
            if (q != p && !q.rules().equals(rules) && Math.abs(q.minute() - s.minute()) < p.staggerMinutes()) {
                return false;
            }
        }
        return true;
    }

    private static void add(
            Post p, Map<PlatformRules, NavigableMap<Long, List<Post>>> byPlatform, Map<String, Integer> counts) {
        byPlatform
                .computeIfAbsent(p.rules(), k -> new TreeMap<>())
                .computeIfAbsent(p.minute(), k -> new ArrayList<>())
                .add(p);
        counts.merge(dayKey(p.rules(), p.slot().day()), 1, Integer::sum);
        counts.merge(weekKey(p.rules(), p.slot().week()), 1, Integer::sum);
    }

    private static void remove(
            Post p, Map<PlatformRules, NavigableMap<Long, List<Post>>> byPlatform, Map<String, Integer> counts) {
        NavigableMap<Long, List<Post>> platform = byPlatform.get(p.rules());
        List<Post> at = platform.get(p.minute());
        at.remove(p);
        if (at.isEmpty()) {
            platform.remove(p.minute());
        }
        counts.merge(dayKey(p.rules(), p.slot().day()), -1, Integer::sum);
        counts.merge(weekKey(p.rules(), p.slot().week()), -1, Integer::sum);
    }

    private static String dayKey(PlatformRules rules, long day) {
        return rules.platform().id() + "/d" + day;
    }

    private static String weekKey(PlatformRules rules, long week) {
        return rules.platform().id() + "/w" + week;
    }
}
