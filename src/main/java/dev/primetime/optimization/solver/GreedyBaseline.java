package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The benchmark's yardstick and the optimizer's starting point, not its engine: items by descending best value, each to its best slot that breaks no
 * hard rule given the items placed before it (or its best slot outright when none is left).
 */
public final class GreedyBaseline {
    private GreedyBaseline() {}

    /**
     * Assigns every unassigned movable post of {@code solution} in place, around the posts that already have a slot.
     * The optimizer also uses it as its construction step, so local search starts from a complete schedule at once.
     */
    public static void place(ScheduleSolution solution) {
        Map<Object, NavigableSet<Long>> platformMinutes = new HashMap<>();
        Map<Object, NavigableSet<Long>> contentMinutes = new HashMap<>();
        Map<Object, Integer> counts = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.slot() != null) {
                record(p, p.slot(), platformMinutes, contentMinutes, counts);
            }
        }
        List<Post> order = new ArrayList<>(solution.posts().stream()
                .filter(p -> p.movable() && p.slot() == null)
                .toList());
        order.sort(Comparator.comparingLong((Post p) ->
                        -p.allowedSlots().stream().mapToLong(p::valueAt).max().orElse(0))
                .thenComparing(Post::id));
        for (Post p : order) {
            TimeSlot best = null;
            TimeSlot bestAny = null;
            for (TimeSlot slot : p.allowedSlots()) {
                if (bestAny == null || p.valueAt(slot) > p.valueAt(bestAny)) {
                    bestAny = slot;
                }
                if ((best == null || p.valueAt(slot) > p.valueAt(best))
                        && fits(p, slot, platformMinutes, contentMinutes, counts)) {
                    best = slot;
                }
            }
            TimeSlot chosen = best != null ? best : bestAny;
            p.assign(chosen);
            if (chosen != null) {
                record(p, chosen, platformMinutes, contentMinutes, counts);
            }
        }
    }

    private static boolean fits(
            Post p,
            TimeSlot slot,
            Map<Object, NavigableSet<Long>> platformMinutes,
            Map<Object, NavigableSet<Long>> contentMinutes,
            Map<Object, Integer> counts) {
        PlatformRules r = p.rules();
        if (counts.getOrDefault(List.of(r, "day", slot.day()), 0) >= r.maxPerDay()
                || counts.getOrDefault(List.of(r, "week", slot.week()), 0) >= r.maxPerWeek()) {
            return false;
        }
        return !near(platformMinutes.get(r), slot.minute(), r.minGapMinutes())
                && !near(contentMinutes.get(p.contentId()), slot.minute(), p.staggerMinutes());
    }

    private static boolean near(NavigableSet<Long> minutes, long minute, int within) {
        if (minutes == null || within <= 0) {
            return false;
        }
        Long below = minutes.floor(minute);
        Long above = minutes.ceiling(minute);
        return (below != null && minute - below < within) || (above != null && above - minute < within);
    }

    private static void record(
            Post p,
            TimeSlot slot,
            Map<Object, NavigableSet<Long>> platformMinutes,
            Map<Object, NavigableSet<Long>> contentMinutes,
            Map<Object, Integer> counts) {
        platformMinutes.computeIfAbsent(p.rules(), k -> new TreeSet<>()).add(slot.minute());
        contentMinutes.computeIfAbsent(p.contentId(), k -> new TreeSet<>()).add(slot.minute());
        counts.merge(List.of(p.rules(), "day", slot.day()), 1, Integer::sum);
        counts.merge(List.of(p.rules(), "week", slot.week()), 1, Integer::sum);
    }
}
