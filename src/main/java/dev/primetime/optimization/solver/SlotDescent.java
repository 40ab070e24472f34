package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic descent from a feasible schedule, two kinds of improving step until a pass makes none:
 *
 * <ul>
 *   <li><b>move</b>: each movable post in turn goes to the slot that gains the most (engagement minus audience
 *       fatigue with its platform's neighbours) among the slots that break no hard rule given every other post;
 *   <li><b>swap</b>: two movable posts of one platform exchange slots when both may stand in the other's slot and
 *       the exchange gains. Engagement is weight times the hour's curve, so the heavier item belongs in the better
 *       hour; on a packed platform (every good hour taken) a single post cannot move, but two can trade.
 * </ul>
 *
 * <p>Timefold's random moves rarely hit these among ~250 slots and ~170 partners per post; evaluating them all with
 * the rules checked locally ({@link Placement}) takes milliseconds. The caller keeps the result only if the solver's
 * own score confirms it is feasible and better, so a difference between the two can cost time but never a wrong
 * answer.
 */
final class SlotDescent {
    /**
     * Evaluations (a slot for a move, a partner for a swap, after the cheap filters) one descent may make: about a
     * half-second at 5,000 items on a busy 2-core machine. It ends wherever this runs out, the same place for the same
     * input.
     */
    static final long DEFAULT_WORK = 600_000;

    private SlotDescent() {}

    /** @return steps made */
    static int improve(ScheduleSolution solution, int maxPasses) {
        return improve(solution, maxPasses, DEFAULT_WORK);
    }

    /** @return steps made */
    static int improve(ScheduleSolution solution, int maxPasses, long maxWork) {
        if (solution.posts().stream().anyMatch(p -> p.slot() == null)) {
            return 0;
        }
        Placement placement = new Placement(solution);
        List<Post> movable = solution.posts().stream()
                .filter(Post::movable)
                .sorted(Comparator.comparing(Post::id))
                .toList();
        Map<PlatformRules, List<Post>> partners = new HashMap<>();
        movable.forEach(
                p -> partners.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p));
        Allowed allowed = new Allowed();
        long[] work = {maxWork};
        int steps = 0;
        for (int pass = 0; pass < maxPasses && work[0] > 0; pass++) {
            int stepsThisPass = 0;
            for (Post p : movable) {
                if (work[0] > 0 && moveToBestSlot(p, placement, work)) {
                    stepsThisPass++;
                }
            }
            for (Post p : movable) {
                if (work[0] > 0 && swapWithBestPartner(p, partners.get(p.rules()), placement, allowed, work)) {
                    stepsThisPass++;
                }
            }
            steps += stepsThisPass;
            if (stepsThisPass == 0) {
                break;
            }
        }
        return steps;
    }

    private static boolean moveToBestSlot(Post p, Placement placement, long[] work) {
        TimeSlot current = p.slot();
        placement.remove(p);
        long bestGain = placement.gain(p, current);
        TimeSlot best = current;
        for (TimeSlot s : p.allowedSlots()) {
            if (s == current || p.valueAt(s) <= bestGain) {
                continue; // engagement alone bounds the gain: a slot worth less than the best gain cannot win
            }
            work[0]--;
            long g = placement.gain(p, s);
            if (g > bestGain && placement.allowed(p, s)) {
                best = s;
                bestGain = g;
            }
        }
        p.assign(best);
        placement.add(p);
        return best != current;
    }

    /**
     * Exchanges {@code p}'s slot with the movable post of its platform whose exchange gains most. The pair's own
     * fatigue does not change (same distance, same weights), so the gain is each post's gain at the other's slot
     * against its own, both priced without the pair. An exchange within one platform keeps its day and week counts
     * and its set of occupied minutes, so the caps and the minimum gap still hold; only the item windows (the value
     * ranges) and the stagger with other platforms' posts of the same content need checking.
     */
    private static boolean swapWithBestPartner(
            Post p, List<Post> partners, Placement placement, Allowed allowed, long[] work) {
        TimeSlot sp = p.slot();
        Post bestPartner = null;
        long bestDelta = 0;
        long pFatigue = placement.fatigue(p);
        for (Post q : partners) {
            TimeSlot sq = q.slot();
            if (q == p || sq.minute() == sp.minute()) {
                continue;
            }
            // at best the exchange relieves both posts of all the fatigue they pay now and adds none
            long valueDelta = p.valueAt(sq) + q.valueAt(sp) - p.valueAt(sp) - q.valueAt(sq);
            if (valueDelta + pFatigue + placement.fatigue(q) <= bestDelta
                    || !allowed.test(p, sq)
                    || !allowed.test(q, sp)) {
                continue;
            }
            work[0] -= 4;
            long delta = placement.gainWithout(p, sq, q)
                    + placement.gainWithout(q, sp, p)
                    - placement.gainWithout(p, sp, q)
                    - placement.gainWithout(q, sq, p);
            if (delta > bestDelta
                    && placement.staggerBlockers(p, sq, 1) == 0
                    && placement.staggerBlockers(q, sp, 1) == 0) {
                bestDelta = delta;
                bestPartner = q;
            }
        }
        if (bestPartner == null) {
            return false;
        }
        TimeSlot sq = bestPartner.slot();
        placement.remove(p);
        placement.remove(bestPartner);
        p.assign(sq);
        bestPartner.assign(sp);
        placement.add(p);
        placement.add(bestPartner);
        return true;
    }

    /** Whether a slot is in a post's value range; a set per post, built on first use. */
    private static final class Allowed {
        private final Map<Post, Set<TimeSlot>> sets = new IdentityHashMap<>();

        boolean test(Post p, TimeSlot s) {
            return sets.computeIfAbsent(p, k -> {
                        Set<TimeSlot> set = Collections.newSetFromMap(new IdentityHashMap<>());
                        set.addAll(k.allowedSlots());
                        return set;
                    })
                    .contains(s);
        }
    }
}
