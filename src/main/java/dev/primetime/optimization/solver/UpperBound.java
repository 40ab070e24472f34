package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A proven upper bound on the soft score (the objective) of any feasible placement, by Lagrangian relaxation.
 *
 * <p>Keep of the hard rules only capacities per platform: at most {@code maxPerDay} a day, {@code maxPerWeek} a week
 * (less what fixed posts already use), and at most one post in each block of {@code ceil(minGap / granularity)}
 * consecutive slots, since any two posts in such a block are closer than the minimum gap. Drop stagger and
 * fatigue (fatigue only ever lowers the score). Pricing each capacity with a multiplier {@code λ ≥ 0} gives, for
 * ANY such λ, {@code Σ_items max_slot (value − Σ λ of the slot's capacities) + Σ λ·capacity ≥ optimum}; subgradient
 * steps lower it. With λ = 0 it is each item's best allowed slot, ignoring the others.
 */
public final class UpperBound {
    private UpperBound() {}

    /** @param value the bound in score units; @param iterations subgradient steps taken */
    public record Bound(long value, long independent, int iterations) {}

    /**
     * @param granularityMinutes the grid's step
     * @param target a known feasible objective (or any lower estimate), which sizes the steps
     * @param maxWork stop after about this many slot evaluations
     */
    public static Bound of(ScheduleSolution solution, int granularityMinutes, long target, long maxWork) {
        List<Post> movable = solution.posts().stream().filter(Post::movable).toList();
        Map<Object, Integer> resourceIds = new HashMap<>();
        List<Double> capacities = new ArrayList<>();
        Map<Object, Integer> fixedUse = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.fixed() && p.slot() != null) {
                fixedUse.merge(dayKey(p.rules(), p.slot()), 1, Integer::sum);
                fixedUse.merge(weekKey(p.rules(), p.slot()), 1, Integer::sum);
            }
        }
        int items = movable.size();
        int[][] slotIndex = new int[items][];
        double[][] values = new double[items][];
        int[][][] resources = new int[items][][];
        long work = 0;
        long independent = 0;
        for (int i = 0; i < items; i++) {
            Post p = movable.get(i);
            List<TimeSlot> allowed = p.allowedSlots();
            slotIndex[i] = new int[allowed.size()];
            values[i] = new double[allowed.size()];
            resources[i] = new int[allowed.size()][];
            long best = Long.MIN_VALUE;
            for (int s = 0; s < allowed.size(); s++) {
                TimeSlot slot = allowed.get(s);
                slotIndex[i][s] = slot.index();
                long v = p.valueAt(slot);
                values[i][s] = v;
                best = Math.max(best, v);
                List<Integer> touched = new ArrayList<>(3);
                PlatformRules r = p.rules();
                if (r.maxPerDay() != Integer.MAX_VALUE) {
                    Object key = dayKey(r, slot);
                    touched.add(resource(resourceIds, capacities, key, r.maxPerDay() - fixedUse.getOrDefault(key, 0)));
                }
                if (r.maxPerWeek() != Integer.MAX_VALUE) {
                    Object key = weekKey(r, slot);
                    touched.add(resource(resourceIds, capacities, key, r.maxPerWeek() - fixedUse.getOrDefault(key, 0)));
                }
                if (r.minGapMinutes() > 0) {
                    int block = (r.minGapMinutes() + granularityMinutes - 1) / granularityMinutes;
                    touched.add(resource(resourceIds, capacities, List.of(r, "block", slot.index() / block), 1));
                }
                resources[i][s] = touched.stream().mapToInt(Integer::intValue).toArray();
            }
            independent += allowed.isEmpty() ? 0 : best;
            work += allowed.size();
        }
        int n = capacities.size();
        double[] capacity = capacities.stream().mapToDouble(Double::doubleValue).toArray();
        double[] lambda = new double[n];
        double[] usage = new double[n];
        double bestBound = independent;
        double theta = 1.0;
        int sinceImprovement = 0;
        int maxIterations = (int) Math.max(1, Math.min(500, maxWork / Math.max(1, work)));
        int iteration = 0;
        for (; iteration < maxIterations && n > 0; iteration++) {
            Arrays.fill(usage, 0);
            double bound = 0;
            for (int r = 0; r < n; r++) {
                bound += lambda[r] * capacity[r];
            }
            for (int i = 0; i < items; i++) {
                double best = Double.NEGATIVE_INFINITY;
                int chosen = -1;
                for (int s = 0; s < values[i].length; s++) {
                    double reduced = values[i][s];
                    for (int r : resources[i][s]) {
                        reduced -= lambda[r];
                    }
                    if (reduced > best) {
                        best = reduced;
                        chosen = s;
                    }
                }
                if (chosen >= 0) {
                    bound += best;
                    for (int r : resources[i][chosen]) {
                        usage[r]++;
                    }
                }
            }
            if (bound < bestBound - 1e-6) {
                bestBound = bound;
                sinceImprovement = 0;
            } else if (++sinceImprovement >= 10) {
                theta /= 2;
                sinceImprovement = 0;
            }
            double norm = 0;
            for (int r = 0; r < n; r++) {
                double g = capacity[r] - usage[r];
                if (lambda[r] > 0 || g < 0) {
                    norm += g * g;
                }
            }
            if (norm == 0) {
                break; // the relaxed optimum respects every capacity: the bound is exact for the relaxation
            }
            double step = theta * Math.max(bound - target, 1.0) / norm;
            for (int r = 0; r < n; r++) {
                lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
            }
        }
        // floor of a double sum: round up so rounding never makes the bound smaller than it is
        return new Bound((long) Math.ceil(bestBound), independent, iteration);
    }

    private static int resource(Map<Object, Integer> ids, List<Double> capacities, Object key, int capacity) {
        return ids.computeIfAbsent(key, k -> {
            capacities.add((double) Math.max(0, capacity));
            return capacities.size() - 1;
        });
    }

    private static Object dayKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "day", slot.day());
    }

    private static Object weekKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "week", slot.week());
    }
}
