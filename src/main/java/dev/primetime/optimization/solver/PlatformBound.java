package dev.primetime.optimization.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One platform's part of {@link UpperBound}: its movable posts, their allowed slots and values, the capacities they
 * share (day and week caps less what fixed posts use, and one post per block of the minimum gap), the fatigue each
 * slot would share with the fixed posts; and the first of its bounds, the capacities bound. The spacing bounds are
 * {@link SpacingBound}'s and {@link ConcaveBound}'s.
 */
final class PlatformBound {
    /** A bound and the subgradient steps it took; for the capacities bound also its best prices. */
    record Capacities(double bound, double[] lambda, int iterations) {}

    record Spacing(double bound, int iterations) {}

    final PlatformRules rules;
    final int items;
    final int slots;
    final int granularityMinutes;
    final int[][] slotIndex;
    final double[][] values;
    /** Per item and allowed slot: the capacities (day, week, block) the slot uses. */
    final int[][][] resources;
    /** Per grid slot: its day and week capacity, or -1. */
    final int[] dayOf;

    final int[] weekOf;
    final boolean[] isBlock;
    final double[] capacity;
    final long independent;
    final double minWeight;
    final double[] weight;
    final long work;

    /** Per item and allowed slot: the fatigue it would share with the platform's fixed posts (rounded down). */
    final double[][] fixedFatigue;

    PlatformBound(
            PlatformRules rules,
            List<Post> posts,
            int granularityMinutes,
            Map<Object, Integer> fixedUse,
            int slots,
            List<Post> fixed) {
        this.rules = rules;
        this.items = posts.size();
        this.slots = slots;
        this.granularityMinutes = granularityMinutes;
        Map<Object, Integer> ids = new HashMap<>();
        List<Double> capacities = new ArrayList<>();
        List<Boolean> blocks = new ArrayList<>();
        slotIndex = new int[items][];
        values = new double[items][];
        resources = new int[items][][];
        dayOf = new int[slots];
        weekOf = new int[slots];
        Arrays.fill(dayOf, -1);
        Arrays.fill(weekOf, -1);
        long independentSum = 0;
        long workSum = 0;
        double lightest = Double.MAX_VALUE;
        weight = new double[items];
        for (int i = 0; i < items; i++) {
            Post p = posts.get(i);
            lightest = Math.min(lightest, p.weight());
            weight[i] = p.weight();
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
                int[] touched = new int[3];
                int n = 0;
                if (rules.maxPerDay() != Integer.MAX_VALUE) {
                    Object key = dayKey(rules, slot);
                    touched[n] = resource(
                            ids,
                            capacities,
                            blocks,
                            key,
                            // fixed posts may already exceed a cap: then no movable post fits, not fewer than none
                            Math.max(0, rules.maxPerDay() - fixedUse.getOrDefault(key, 0)),
                            false);
                    dayOf[slot.index()] = touched[n++];
                }
                if (rules.maxPerWeek() != Integer.MAX_VALUE) {
                    Object key = weekKey(rules, slot);
                    touched[n] = resource(
                            ids,
                            capacities,
                            blocks,
                            key,
                            Math.max(0, rules.maxPerWeek() - fixedUse.getOrDefault(key, 0)),
                            false);
                    weekOf[slot.index()] = touched[n++];
                }
                if (rules.minGapMinutes() > 0) {
                    int block = (rules.minGapMinutes() + granularityMinutes - 1) / granularityMinutes;
                    touched[n++] = resource(ids, capacities, blocks, List.of("block", slot.index() / block), 1, true);
                }
                resources[i][s] = Arrays.copyOf(touched, n);
            }
            independentSum += allowed.isEmpty() ? 0 : best;
            workSum += allowed.size();
        }
        this.capacity = capacities.stream().mapToDouble(Double::doubleValue).toArray();
        this.isBlock = new boolean[blocks.size()];
        for (int r = 0; r < blocks.size(); r++) {
            isBlock[r] = blocks.get(r);
        }
        this.independent = independentSum;
        this.minWeight = items == 0 ? 0 : lightest;
        this.work = Math.max(1, workSum);
        this.fixedFatigue = new double[items][];
        for (int i = 0; i < items; i++) {
            Post p = posts.get(i);
            fixedFatigue[i] = new double[p.allowedSlots().size()];
            for (int k = 0; k < fixedFatigue[i].length; k++) {
                TimeSlot slot = p.allowedSlots().get(k);
                for (Post f : fixed) {
                    long d = Math.abs(f.minute() - slot.minute());
                    if (d < rules.idealSpacingMinutes()) {
                        double closeness = (rules.idealSpacingMinutes() - d) / (double) rules.idealSpacingMinutes();
                        // the constraint rounds each pair: at least this less half a unit
                        fixedFatigue[i][k] += Math.max(
                                0,
                                ScheduleConstraints.FATIGUE
                                                * closeness
                                                * (p.weight() + f.weight())
                                                / 2
                                                * ScheduleConstraints.SCALE
                                        - 0.5);
                    }
                }
            }
        }
    }

    /** The capacities bound: each item's best slot less the capacities' prices, plus the prices' total. */
    Capacities capacities(double target, long maxWork, BooleanSupplier stop) {
        int n = capacity.length;
        double[] lambda = new double[n];
        double[] bestLambda = new double[n];
        double[] usage = new double[n];
        Subgradient search = new Subgradient(10, independent);
        int maxIterations = (int) Math.max(1, Math.min(500, maxWork / work));
        int iteration = 0;
        for (; iteration < maxIterations && n > 0 && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
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
            if (search.record(bound)) {
                System.arraycopy(lambda, 0, bestLambda, 0, n);
            } else if (search.stalled()) {
                break; // steps this small no longer move the bound: stalled
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
            double step = search.step(bound, target, norm);
            for (int r = 0; r < n; r++) {
                lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
            }
        }
        return new Capacities(search.best(), bestLambda, iteration);
    }

    /**
     * Each item's class: items with the same weight, allowed slots, values and fatigue with fixed posts are
     * interchangeable in every relaxation here (stagger, which tells items apart by content, is dropped).
     */
    int[] classes() {
        record Key(double weight, int[] slots, double[] values, double[] fixed) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k
                        && k.weight == weight
                        && Arrays.equals(k.slots, slots)
                        && Arrays.equals(k.values, values)
                        && Arrays.equals(k.fixed, fixed);
            }

            @Override
            public int hashCode() {
                return Double.hashCode(weight) * 31 + Arrays.hashCode(values);
            }
        }
        Map<Key, Integer> ids = new HashMap<>();
        int[] classOf = new int[items];
        for (int i = 0; i < items; i++) {
            classOf[i] =
                    ids.computeIfAbsent(new Key(weight[i], slotIndex[i], values[i], fixedFatigue[i]), k -> ids.size());
        }
        return classOf;
    }

    /**
     * Prices read off a plan, a start for the Lagrangian bounds' μ: what each item earns where it stands, less the λ
     * of its slot and its half of the fatigue of each pair it is in there. Any μ gives a true bound; near a good
     * plan's own, the first bounds are already near its objective. Null unless every item stands on an allowed grid
     * slot.
     *
     * @param placedAt each item's grid index, or -1
     */
    double[] planPrices(int[] placedAt, double[] lambda) {
        if (placedAt == null || placedAt.length != items) {
            return null;
        }
        double[] mu = new double[items];
        Integer[] byTime = new Integer[items];
        for (int i = 0; i < items; i++) {
            int t = placedAt[i];
            int s = 0;
            while (s < slotIndex[i].length && slotIndex[i][s] != t) {
                s++;
            }
            if (t < 0 || s == slotIndex[i].length) {
                return null;
            }
            mu[i] = values[i][s] - fixedFatigue[i][s] - price(lambda, t);
            byTime[i] = i;
        }
        int ideal = rules.idealSpacingMinutes();
        if (ideal > 0) {
            Arrays.sort(byTime, (a, b) -> Integer.compare(placedAt[a], placedAt[b]));
            for (int a = 0; a < items; a++) {
                for (int b = a + 1; b < items; b++) {
                    long d = (long) (placedAt[byTime[b]] - placedAt[byTime[a]]) * granularityMinutes;
                    if (d >= ideal) {
                        break;
                    }
                    double half = ScheduleConstraints.FATIGUE / 2 * (ideal - d) / ideal * ScheduleConstraints.SCALE;
                    mu[byTime[a]] -= half * weight[byTime[a]];
                    mu[byTime[b]] -= half * weight[byTime[b]];
                }
            }
        }
        return mu;
    }

    double price(double[] lambda, int t) {
        return (dayOf[t] >= 0 ? lambda[dayOf[t]] : 0) + (weekOf[t] >= 0 ? lambda[weekOf[t]] : 0);
    }

    static int resource(
            Map<Object, Integer> ids,
            List<Double> capacities,
            List<Boolean> blocks,
            Object key,
            int capacity,
            boolean block) {
        return ids.computeIfAbsent(key, k -> {
            capacities.add((double) Math.max(0, capacity));
            blocks.add(block);
            return capacities.size() - 1;
        });
    }

    static Object dayKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "day", slot.day());
    }

    static Object weekKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "week", slot.week());
    }
}
