package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes a complete placement that breaks hard rules keep them, by min-conflicts search: a post that breaks a rule
 * moves to the allowed slot where it breaks the fewest (ties at random), never straight back to the slot it just
 * left, now and then to a random slot. Every move is checked locally ({@link Placement}) in microseconds, where a
 * local search driven by the full score evaluates thousands of moves a second; on the generated instances of
 * bench/optimization it ends in milliseconds. It proves nothing when it fails: it only stops at its deadline.
 */
final class Repair {
    /** Iterations a post may not go back to the slot it left. */
    private static final int TABU = 7;
    /** Chance of a random move instead of the best one, so the search does not circle. */
    private static final double NOISE = 0.05;

    private Repair() {}

    /** @return whether the placement breaks no hard rule at the end (it is left as the search ended either way) */
    static boolean run(ScheduleSolution solution, long deadlineNanos, long seed) {
        if (solution.posts().stream().anyMatch(p -> p.slot() == null && p.movable())) {
            return false;
        }
        Placement placement = new Placement(solution);
        List<Post> movable = solution.posts().stream()
                .filter(Post::movable)
                .sorted(Comparator.comparing(Post::id))
                .toList();
        Random random = new Random(seed);
        Conflicted conflicted = new Conflicted();
        for (Post p : movable) {
            if (conflicts(placement, p) > 0) {
                conflicted.add(p);
            }
        }
        Map<Post, TimeSlot> left = new IdentityHashMap<>();
        Map<Post, Long> leftAt = new IdentityHashMap<>();
        for (long iteration = 0; ; iteration++) {
            if (conflicted.isEmpty()) {
                for (Post p : movable) { // the set follows every change it can see; make sure of it
                    if (conflicts(placement, p) > 0) {
                        conflicted.add(p);
                    }
                }
                if (conflicted.isEmpty()) {
                    return true;
                }
            }
            if ((iteration & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            Post p = conflicted.get(random.nextInt(conflicted.size()));
            if (conflicts(placement, p) == 0) {
                conflicted.remove(p);
                continue;
            }
            TimeSlot from = p.slot();
            placement.remove(p);
            TimeSlot tabu = iteration - leftAt.getOrDefault(p, Long.MIN_VALUE / 2) < TABU ? left.get(p) : null;
            TimeSlot to = null;
            List<TimeSlot> allowed = p.allowedSlots();
            if (random.nextDouble() < NOISE && allowed.size() > 1) {
                to = allowed.get(random.nextInt(allowed.size()));
            } else {
                int best = Integer.MAX_VALUE;
                int ties = 0;
                for (TimeSlot s : allowed) {
                    if (s == from || s == tabu) {
                        continue;
                    }
                    int cost = placement.cost(p, s);
                    if (cost < best) {
                        best = cost;
                        to = s;
                        ties = 1;
                    } else if (cost == best && random.nextInt(++ties) == 0) {
                        to = s;
                    }
                }
            }
            if (to == null) {
                to = from;
            }
            p.assign(to);
            placement.add(p);
            left.put(p, from);
            leftAt.put(p, iteration);
            // whoever the move touched: posts near where it left and where it went, its content, its periods
            List<Post> touched = new ArrayList<>();
            long reach = Math.max(p.rules().minGapMinutes(), 1);
            placement.forEachWithin(p, from, reach, touched::add);
            placement.forEachWithin(p, to, reach, touched::add);
            touched.addAll(placement.sameContent(p));
            if (placement.dayCount(p, to) > p.rules().maxPerDay()) {
                touched.addAll(placement.samePeriod(p, to, false));
            }
            if (placement.weekCount(p, to) > p.rules().maxPerWeek()) {
                touched.addAll(placement.samePeriod(p, to, true));
            }
            touched.add(p);
            for (Post q : touched) {
                if (q.movable()) {
                    if (conflicts(placement, q) > 0) {
                        conflicted.add(q);
                    } else {
                        conflicted.remove(q);
                    }
                }
            }
        }
    }

    /** The hard rules a placed post breaks where it stands. */
    static int conflicts(Placement placement, Post p) {
        TimeSlot at = p.slot();
        placement.remove(p);
        p.assign(at);
        int cost = placement.cost(p, at);
        placement.add(p);
        return cost;
    }

    /** Posts that break a rule: a list for picking at random, an index for removing in constant time. */
    private static final class Conflicted {
        private final List<Post> list = new ArrayList<>();
        private final Map<Post, Integer> index = new IdentityHashMap<>();

        boolean isEmpty() {
            return list.isEmpty();
        }

        int size() {
            return list.size();
        }

        Post get(int i) {
            return list.get(i);
        }

        void add(Post p) {
            if (!index.containsKey(p)) {
                index.put(p, list.size());
                list.add(p);
            }
        }

        void remove(Post p) {
            Integer i = index.remove(p);
            if (i == null) {
                return;
            }
            Post last = list.removeLast();
            if (last != p) {
                list.set(i, last);
                index.put(last, i);
            }
        }
    }
}
