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
 *   <li><b>re-time</b>: all movable posts of one small platform move at once, keeping their order, to the slots a
 *       dynamic program over (post, slot) finds best ({@link #retime}): a chain of posts the minimum gap apart
 *       shifts together, which no move or swap of one or two posts can do.
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

    /**
     * Up to this many (post, allowed slot) pairs on one platform its posts are re-timed together ({@link #retime}):
     * each pass prices every pair once per mode, about 27,000 for the largest platform of a 200-item bench instance;
     * at 1,000 items a platform holds ~150,000 and the descent's budget goes to moves and swaps instead.
     */
    static final long RETIME_MAX_PAIRS = 60_000;

    private SlotDescent() {}

    private static long candidatePairs(List<Post> posts) {
        return posts.stream().mapToLong(p -> p.allowedSlots().size()).sum();
    }

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
            for (PlatformRules rules : platformsInOrder(partners)) {
                if (candidatePairs(partners.get(rules)) > RETIME_MAX_PAIRS) {
                    continue;
                }
                if (work[0] > 0 && retime(partners.get(rules), placement, false, work)) {
                    stepsThisPass++;
                }
                if (work[0] > 0 && retime(partners.get(rules), placement, true, work)) {
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

    private static List<PlatformRules> platformsInOrder(Map<PlatformRules, List<Post>> partners) {
        return partners.keySet().stream()
                .sorted(Comparator.comparing((PlatformRules r) -> r.platform().toString()))
                .toList();
    }

    /**
     * Re-times all the movable posts of one platform at once, keeping their order in time: a dynamic program over
     * (post in time order, slot) picks the slots that earn the most, each post at least the minimum gap after the one
     * before it, paying the fatigue between consecutive posts and with everything else where it stands (other
     * platforms, this platform's fixed posts). On a packed platform (posts the minimum gap apart on good hours) one
     * post gains by moving only when the chain of its neighbours shifts with it, which no single move or swap can do;
     * CP-SAT's better plans at 200 items differed from the service's this way (issue 19). The program sees the caps
     * only when {@code sameDay} (each post keeps its day, so no day or week count changes); otherwise a result that
     * breaks a cap is dropped. Fatigue between posts that are not consecutive is left out of the program, so the
     * result is priced exactly and kept only when it gains.
     *
     * @return whether the platform's posts moved (and gained)
     */
    static boolean retime(List<Post> posts, Placement placement, boolean sameDay, long[] work) {
        PlatformRules rules = posts.getFirst().rules();
        long gap = rules.minGapMinutes();
        if (gap <= 0 || posts.size() < 2) {
            return false; // without a gap the order does not separate the posts: left to moves and swaps
        }
        List<Post> order = new ArrayList<>(posts);
        order.sort(Comparator.comparingLong(Post::minute).thenComparing(Post::id));
        int n = order.size();
        TimeSlot[] before = new TimeSlot[n];
        for (int i = 0; i < n; i++) {
            before[i] = order.get(i).slot();
        }
        order.forEach(placement::remove);
        // each post's candidate slots in time order, with its gain there against everything still placed
        TimeSlot[][] slots = new TimeSlot[n][];
        long[][] unary = new long[n][];
        for (int i = 0; i < n; i++) {
            Post p = order.get(i);
            List<TimeSlot> candidates = new ArrayList<>();
            for (TimeSlot s : p.allowedSlots()) {
                if (Placement.withinWindow(p, s)
                        && (!sameDay || s.day() == before[i].day())
                        && placement.gapBlockers(p, s, 1) == 0
                        && placement.staggerBlockers(p, s, 1) == 0) {
                    candidates.add(s);
                }
            }
            candidates.sort(Comparator.comparingLong(TimeSlot::minute));
            slots[i] = candidates.toArray(TimeSlot[]::new);
            unary[i] = new long[slots[i].length];
            for (int k = 0; k < slots[i].length; k++) {
                unary[i][k] = placement.gain(p, slots[i][k]);
            }
            work[0] -= slots[i].length;
        }
        long ideal = rules.idealSpacingMinutes();
        long[][] best = new long[n][];
        int[][] from = new int[n][];
        best[0] = unary[0].clone();
        from[0] = new int[slots[0].length];
        for (int i = 1; i < n; i++) {
            TimeSlot[] prev = slots[i - 1];
            long[] prevBest = best[i - 1];
            // prefix maxima of the previous post's best: transitions at least the ideal spacing back pay no fatigue
            long[] prefix = new long[prev.length];
            int[] prefixAt = new int[prev.length];
            for (int j = 0; j < prev.length; j++) {
                boolean better = j == 0 || prevBest[j] > prefix[j - 1];
                prefix[j] = better ? prevBest[j] : prefix[j - 1];
                prefixAt[j] = better ? j : prefixAt[j - 1];
            }
            best[i] = new long[slots[i].length];
            from[i] = new int[slots[i].length];
            int far = -1; // last previous candidate at least the ideal spacing (and the gap) back
            int near = -1; // last previous candidate at least the gap back
            for (int k = 0; k < slots[i].length; k++) {
                long m = slots[i][k].minute();
                while (far + 1 < prev.length && prev[far + 1].minute() <= m - Math.max(ideal, gap)) {
                    far++;
                }
                while (near + 1 < prev.length && prev[near + 1].minute() <= m - gap) {
                    near++;
                }
                long value = Long.MIN_VALUE;
                int arg = -1;
                if (far >= 0 && prefix[far] != Long.MIN_VALUE) {
                    value = prefix[far];
                    arg = prefixAt[far];
                }
                for (int j = far + 1; j <= near; j++) {
                    work[0]--;
                    if (prevBest[j] == Long.MIN_VALUE) {
                        continue;
                    }
                    long v = prevBest[j] - pairFatigue(order.get(i - 1), prev[j], order.get(i), slots[i][k]);
                    if (v > value) {
                        value = v;
                        arg = j;
                    }
                }
                best[i][k] = arg < 0 ? Long.MIN_VALUE : value + unary[i][k];
                from[i][k] = arg;
            }
        }
        int end = -1;
        for (int k = 0; k < best[n - 1].length; k++) {
            if (best[n - 1][k] != Long.MIN_VALUE && (end < 0 || best[n - 1][k] > best[n - 1][end])) {
                end = k;
            }
        }
        TimeSlot[] after = before;
        if (end >= 0) {
            after = new TimeSlot[n];
            for (int i = n - 1, k = end; i >= 0; k = from[i][k], i--) {
                after[i] = slots[i][k];
            }
            if (!sameDay && !capsHold(order, after, placement)
                    || total(order, after, placement) <= total(order, before, placement)) {
                after = before;
            }
        }
        for (int i = 0; i < n; i++) {
            order.get(i).assign(after[i]);
            placement.add(order.get(i));
        }
        return after != before;
    }

    /** The day and week caps with the posts at {@code at} and everything else as placed (the posts not placed). */
    private static boolean capsHold(List<Post> posts, TimeSlot[] at, Placement placement) {
        PlatformRules rules = posts.getFirst().rules();
        Map<Long, Integer> days = new HashMap<>();
        Map<Long, Integer> weeks = new HashMap<>();
        for (int i = 0; i < posts.size(); i++) {
            Post p = posts.get(i);
            int d = days.merge(at[i].day(), 1, Integer::sum);
            int w = weeks.merge(at[i].week(), 1, Integer::sum);
            if (placement.dayCount(p, at[i]) + d > rules.maxPerDay()
                    || placement.weekCount(p, at[i]) + w > rules.maxPerWeek()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The posts' engagement at {@code at} less their fatigue with everything placed and among themselves (every
     * pair closer than the ideal spacing, not only consecutive ones), as the constraints score it; the posts are not
     * placed, and {@code at} is in time order.
     */
    private static long total(List<Post> posts, TimeSlot[] at, Placement placement) {
        long ideal = posts.getFirst().rules().idealSpacingMinutes();
        long sum = 0;
        for (int i = 0; i < posts.size(); i++) {
            sum += placement.gain(posts.get(i), at[i]);
            for (int j = i + 1; j < posts.size() && at[j].minute() - at[i].minute() < ideal; j++) {
                sum -= pairFatigue(posts.get(i), at[i], posts.get(j), at[j]);
            }
        }
        return sum;
    }

    /** What the fatigue constraint charges {@code a} at {@code sa} and {@code b} at {@code sb}. */
    private static long pairFatigue(Post a, TimeSlot sa, Post b, TimeSlot sb) {
        long ideal = a.rules().idealSpacingMinutes();
        long d = Math.abs(sa.minute() - sb.minute());
        if (d >= ideal) {
            return 0;
        }
        double closeness = (ideal - d) / (double) ideal;
        return Math.round(
                ScheduleConstraints.FATIGUE * closeness * (a.weight() + b.weight()) / 2 * ScheduleConstraints.SCALE);
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
