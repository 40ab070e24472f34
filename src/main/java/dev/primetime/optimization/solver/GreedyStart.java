package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The solver's construction step: a greedy that respects every hard rule where it can. Open posts in order of their
 * best engagement (then id), each to the allowed slot with the best engagement less the fatigue it would share there
 * with the posts placed before it. A post that finds every slot blocked ejects one post: it takes a slot whose only
 * obstacle is one movable post (closer than the gap or the stagger) or a full day or week, and that post moves on to
 * its own best slot that is still free. Only a post that even this cannot place goes to its best slot outright,
 * breaking a rule, for local search to repair.
 *
 * <p>Unlike {@link GreedyBaseline} (the bench's yardstick), fatigue is priced: with no minimum gap the baseline piles
 * a platform's posts into its peak hour (5,000 items: thousands of same-minute pairs), and the hard rules are kept,
 * so local search starts feasible (5,000 items: the baseline breaks day and week caps and local search did not
 * repair them within 5 s).
 */
final class GreedyStart {
    /** Slots a blocked post tries to clear by ejecting another post, from its most valuable. */
    private static final int EJECTION_SLOTS = 64;

    private GreedyStart() {}

    /** @return how many posts had to break a rule */
    static int place(ScheduleSolution solution) {
        return place(solution, Long.MAX_VALUE);
    }

    /**
     * {@link #place(ScheduleSolution)}, ejecting only until {@code deadlineNanos}: on large problems with tight caps
     * ejection costs much per blocked post, and past the deadline a blocked post goes to its best slot outright for
     * {@link Repair} to mend, which does it faster.
     *
     * @return how many posts had to break a rule
     */
    static int place(ScheduleSolution solution, long deadlineNanos) {
        Placement placement = new Placement(solution);
        List<Post> order = new ArrayList<>(solution.posts().stream()
                .filter(p -> p.movable() && p.slot() == null)
                .toList());
        order.sort(Comparator.comparingLong((Post p) ->
                        -p.allowedSlots().stream().mapToLong(p::valueAt).max().orElse(0))
                .thenComparing(Post::id));
        int broken = 0;
        for (Post p : order) {
            TimeSlot best = bestAllowed(p, placement, null);
            if (best == null && System.nanoTime() - deadlineNanos < 0 && eject(p, placement)) {
                continue;
            }
            if (best == null) {
                broken++;
                best = bestAnywhere(p, placement);
            }
            if (best != null) {
                p.assign(best);
                placement.add(p);
            }
        }
        return broken;
    }

    /** The allowed slot with the best gain, other than {@code not}; null when every slot is blocked. */
    private static TimeSlot bestAllowed(Post p, Placement placement, TimeSlot not) {
        TimeSlot best = null;
        long bestGain = Long.MIN_VALUE;
        for (TimeSlot s : p.allowedSlots()) {
            if (s == not || p.valueAt(s) <= bestGain) {
                continue; // the gain is at most the engagement: a slot worth no more than the best gain cannot win
            }
            long g = placement.gain(p, s);
            if (g > bestGain && placement.allowed(p, s)) {
                best = s;
                bestGain = g;
            }
        }
        return best;
    }

    private static TimeSlot bestAnywhere(Post p, Placement placement) {
        TimeSlot best = null;
        long bestGain = Long.MIN_VALUE;
        for (TimeSlot s : p.allowedSlots()) {
            long g = placement.gain(p, s);
            if (g > bestGain) {
                best = s;
                bestGain = g;
            }
        }
        return best;
    }

    /**
     * Places {@code p} by moving one movable post out of its way: over {@code p}'s slots from its most valuable, each
     * post whose removal lets {@code p} in and which then has a free slot of its own; at the first slot where any
     * does, the pair that together gain most wins. At most {@link #EJECTION_SLOTS} slots are tried.
     *
     * @return whether {@code p} was placed
     */
    private static boolean eject(Post p, Placement placement) {
        TimeSlot bestSlot = null;
        Post bestVictim = null;
        TimeSlot bestVictimSlot = null;
        long bestGain = Long.MIN_VALUE;
        List<TimeSlot> slots = new ArrayList<>(p.allowedSlots());
        slots.sort(Comparator.comparingLong((TimeSlot s) -> -p.valueAt(s)).thenComparingInt(TimeSlot::index));
        int tried = 0;
        for (TimeSlot s : slots) {
            if (bestSlot != null || tried >= EJECTION_SLOTS) {
                break;
            }
            if (!Placement.withinWindow(p, s)) {
                continue;
            }
            List<Post> victims = new ArrayList<>(1);
            Post sole = placement.soleBlocker(p, s);
            boolean spaced = placement.gapBlockers(p, s, 1) == 0 && placement.staggerBlockers(p, s, 1) == 0;
            if (sole != null) {
                victims.add(sole);
            } else if (spaced && placement.dayFull(p, s)) {
                victims.addAll(placement.samePeriod(p, s, false));
            } else if (spaced && placement.weekFull(p, s)) {
                victims.addAll(placement.samePeriod(p, s, true));
            }
            if (!victims.isEmpty()) {
                tried++;
            }
            for (Post q : victims) {
                if (q.fixed()) {
                    continue;
                }
                TimeSlot from = q.slot();
                placement.remove(q);
                q.assign(null);
                if (placement.allowed(p, s)) {
                    p.assign(s);
                    placement.add(p);
                    TimeSlot to = bestAllowed(q, placement, from);
                    if (to != null) {
                        long gain = placement.gain(q, to) - q.valueAt(from) + p.valueAt(s);
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestSlot = s;
                            bestVictim = q;
                            bestVictimSlot = to;
                        }
                    }
                    placement.remove(p);
                    p.assign(null);
                }
                q.assign(from);
                placement.add(q);
            }
        }
        if (bestSlot == null) {
            return false;
        }
        placement.remove(bestVictim);
        p.assign(bestSlot);
        placement.add(p);
        bestVictim.assign(bestVictimSlot);
        placement.add(bestVictim);
        return true;
    }
}
