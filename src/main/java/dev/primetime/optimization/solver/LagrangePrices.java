package dev.primetime.optimization.solver;

/**
 * The multipliers of the spacing bounds' relaxation: a free {@code μ_i} prices "item i is placed exactly once", a
 * {@code λ ≥ 0} each day and week cap (the gap blocks are kept as hard rules, so theirs stay 0). Started from the
 * capacities bound's best λ, with each {@code μ_i} the item's best reduced value there, so the first bound is
 * already no larger than the capacities bound.
 */
final class LagrangePrices {
    final double[] mu;
    final double[] lambda;
    private final boolean[] placeable;
    private final double[] capacity;
    private final boolean[] isBlock;
    /** Per item: its class (items alike in every way the relaxation sees), or null when prices are per item. */
    private final int[] classOf;

    private final double[] classStep;
    private final int[] classSize;

    LagrangePrices(PlatformBound platform, double[] start) {
        this(platform, start, null);
    }

    /**
     * @param classOf when given, items of one class keep one price: the subgradient step is projected onto prices
     *     equal within each class (its mean over the class). Items alike in weight, allowed slots, values and fatigue
     *     with fixed posts are interchangeable in the relaxation, so the best prices can be taken equal within a
     *     class (the dual is convex and symmetric under exchanging them), and tying them stops the steps from
     *     oscillating between interchangeable items. Any prices give a true bound, tied or not.
     */
    LagrangePrices(PlatformBound platform, double[] start, int[] classOf) {
        this.classOf = classOf;
        int classes = 0;
        if (classOf != null) {
            for (int c : classOf) {
                classes = Math.max(classes, c + 1);
            }
        }
        this.classStep = new double[classes];
        this.classSize = new int[classes];
        if (classOf != null) {
            for (int c : classOf) {
                classSize[c]++;
            }
        }
        this.capacity = platform.capacity;
        this.isBlock = platform.isBlock;
        int n = capacity.length;
        lambda = new double[n];
        for (int r = 0; r < n; r++) {
            lambda[r] = isBlock[r] ? 0 : start[r];
        }
        mu = new double[platform.items];
        placeable = new boolean[platform.items];
        for (int i = 0; i < platform.items; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < platform.values[i].length; s++) {
                double reduced = platform.values[i][s];
                for (int r : platform.resources[i][s]) {
                    reduced -= start[r];
                }
                best = Math.max(best, reduced);
            }
            placeable[i] = platform.values[i].length > 0;
            mu[i] = placeable[i] ? best : 0;
        }
    }

    /**
     * Starts μ from {@code start} (see {@link PlatformBound#planPrices}), averaged within each class when prices are
     * tied; does nothing when {@code start} is null.
     */
    void startFrom(double[] start) {
        if (start == null) {
            return;
        }
        double[] value = start.clone();
        if (classOf != null) {
            java.util.Arrays.fill(classStep, 0);
            for (int i = 0; i < mu.length; i++) {
                classStep[classOf[i]] += start[i];
            }
            for (int i = 0; i < mu.length; i++) {
                value[i] = classStep[classOf[i]] / classSize[classOf[i]];
            }
        }
        for (int i = 0; i < mu.length; i++) {
            if (placeable[i]) {
                mu[i] = value[i];
            }
        }
    }

    /** The relaxed problem's optimum plus the prices' constant part: {@code Σ μ + Σ λ·capacity}, a true bound. */
    private double withPrices(double relaxedOptimum) {
        double bound = relaxedOptimum;
        for (int i = 0; i < mu.length; i++) {
            if (placeable[i]) {
                bound += mu[i];
            }
        }
        for (int r = 0; r < lambda.length; r++) {
            if (!isBlock[r]) {
                bound += lambda[r] * capacity[r];
            }
        }
        return bound;
    }

    /**
     * One iteration's end: records the bound that the relaxed optimum {@code relaxed} gives under these prices and
     * takes one step.
     *
     * @return false when the search is over: stalled, or the relaxed optimum feasible (see {@link #step})
     */
    boolean lower(Subgradient search, double relaxed, double target, int[] count, double[] usage) {
        double bound = withPrices(relaxed);
        search.record(bound);
        return !search.stalled() && step(search, bound, target, count, usage);
    }

    /**
     * Moves the prices along the subgradient of the relaxed optimum, which placed item i {@code count[i]} times and
     * used {@code usage[r]} of cap r.
     *
     * @return false when the subgradient is zero: every item placed once within every cap, so the relaxation's
     *     optimum is feasible for it and no step can lower the bound
     */
    private boolean step(Subgradient search, double bound, double target, int[] count, double[] usage) {
        double[] g = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            g[i] = placeable[i] ? 1 - count[i] : 0;
        }
        if (classOf != null) {
            java.util.Arrays.fill(classStep, 0);
            for (int i = 0; i < mu.length; i++) {
                classStep[classOf[i]] += g[i];
            }
            for (int i = 0; i < mu.length; i++) {
                g[i] = classStep[classOf[i]] / classSize[classOf[i]];
            }
        }
        double norm = 0;
        for (int i = 0; i < mu.length; i++) {
            norm += g[i] * g[i];
        }
        for (int r = 0; r < lambda.length; r++) {
            double gr = capacity[r] - usage[r];
            if (!isBlock[r] && (lambda[r] > 0 || gr < 0)) {
                norm += gr * gr;
            }
        }
        if (norm == 0) {
            return false;
        }
        double step = search.step(bound, target, norm);
        for (int i = 0; i < mu.length; i++) {
            if (placeable[i]) {
                mu[i] -= step * g[i];
            }
        }
        for (int r = 0; r < lambda.length; r++) {
            if (!isBlock[r]) {
                lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
            }
        }
        return true;
    }
}
