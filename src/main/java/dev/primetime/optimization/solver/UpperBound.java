package dev.primetime.optimization.solver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A proven upper bound on the soft score (the objective) of any feasible placement, by Lagrangian relaxation.
 *
 * <p>Only stagger couples platforms; dropping it (a relaxation) splits the problem into one problem per platform,
 * and the bound is the sum of one bound per platform. Each platform gets the smaller of two bounds:
 *
 * <p><b>Capacities.</b> Keep of the hard rules only capacities: at most {@code maxPerDay} a day, {@code maxPerWeek} a
 * week (less what fixed posts already use), and at most one post in each block of {@code ceil(minGap / granularity)}
 * consecutive slots, since any two posts in such a block are closer than the minimum gap. Drop fatigue (it only
 * lowers the score). Pricing each capacity with a multiplier {@code λ ≥ 0} gives, for ANY such λ,
 * {@code Σ_items max_slot (value − Σ λ of the slot's capacities) + Σ λ·capacity ≥ optimum}; subgradient steps lower
 * it. With λ = 0 it is each item's best allowed slot, ignoring the others.
 *
 * <p><b>Spacing and fatigue</b> (platforms with a minimum gap, so a slot holds at most one post). Price instead "each
 * item is placed exactly once" with a free multiplier {@code μ_i}, and the day/week caps with {@code λ ≥ 0}. What is
 * left is a choice of occupied slots along the time line: any two at least the minimum gap apart, each worth its best
 * {@code value − μ} over the items allowed there, less {@code λ} of its day and week; and each two consecutive
 * occupied slots closer than the ideal spacing pay fatigue as if the earlier post had the platform's lightest weight
 * (the later post's own weight is known: its slot's best item is chosen with that pair's fatigue taken off). No real
 * pair pays less, and pairs that are not consecutive are left out, so this only under-counts fatigue. A dynamic program over the slots (state: slots since the last occupied one) solves it
 * exactly; {@code Σ μ + Σ λ·capacity + DP ≥ optimum} for ANY μ, λ ≥ 0. Started from the capacities bound's best λ,
 * with each {@code μ_i} the item's best reduced value there, it is already no larger than that bound; subgradient
 * steps lower it further. This is the part of the bound that sees audience fatigue.
 *
 * <p>All arithmetic is in doubles; the result is rounded up and fatigue rounded down, so rounding never makes the
 * bound smaller than it is.
 */
public final class UpperBound {
    /** Fatigue is counted for slots at most this many apart; further ones are left out (fewer is still a bound). */
    private static final int MAX_FATIGUE_REACH = 400;
    /**
     * Up to this reach (ideal spacing in grid steps) the spacing bound charges each consecutive pair's fatigue with
     * both posts' own weights; beyond it the table of slot values by both neighbours' distances grows too large, and
     * the earlier post is charged the platform's lightest weight.
     */
    private static final int MAX_PAIRED_REACH = 32;
    /** Subgradient steps stop once the step factor has been halved this far without a better bound. */
    private static final double MIN_STEP = 1.0 / 1024;

    private UpperBound() {}

    /**
     * @param value the bound in score units
     * @param independent each item at its best allowed slot, ignoring every other item
     * @param iterations subgradient steps taken, over all platforms and both bounds
     * @param capacityOnly the capacities bound alone (what {@code value} was before the spacing and fatigue bound)
     */
    public record Bound(long value, long independent, int iterations, long capacityOnly) {
        public Bound(long value, long independent, int iterations) {
            this(value, independent, iterations, value);
        }
    }

    /**
     * @param granularityMinutes the grid's step
     * @param target a feasible placement's objective (or any lower estimate), which sizes the steps; when the
     *     solution's posts all have slots, each platform's own part of it is used instead
     * @param maxWork stop after about this many slot evaluations
     */
    public static Bound of(ScheduleSolution solution, int granularityMinutes, long target, long maxWork) {
        return prepare(solution, granularityMinutes, target).compute(maxWork, Long.MAX_VALUE, () -> false);
    }

    /** Each movable post at its best allowed slot, ignoring every other post: the loosest bound, at once. */
    public static long independent(ScheduleSolution solution) {
        long sum = 0;
        for (Post p : solution.posts()) {
            if (p.movable()) {
                sum += p.allowedSlots().stream().mapToLong(p::valueAt).max().orElse(0);
            }
        }
        return sum;
    }

    /**
     * Computes the bound on {@code executor} while the caller solves: what it reads of the solution's placement (the
     * fixed posts and the targets) is read here, before the solver starts moving posts; the rest (value ranges,
     * values, weights) the solver never changes. {@link Running#finish()} stops it and returns the best bound so
     * far, which is a true bound at any point (every Lagrangian iterate is).
     *
     * @param budget wall time the bound may take; its platforms share it by item count, each stopping at its share
     */
    public static Running start(
            ScheduleSolution solution,
            int granularityMinutes,
            long target,
            long maxWork,
            Duration budget,
            Executor executor) {
        Prepared prepared = prepare(solution, granularityMinutes, target);
        return new Running(prepared, maxWork, budget, executor);
    }

    /** A bound being computed in the background. */
    public static final class Running {
        private final Prepared prepared;
        private final long maxWork;
        private final long deadline;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Bound> result = new CompletableFuture<>();

        private Running(Prepared prepared, long maxWork, Duration budget, Executor executor) {
            this.prepared = prepared;
            this.maxWork = maxWork;
            this.deadline = System.nanoTime() + budget.toNanos(); // a duration from now, not a time of day
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                // no thread to spare: finish() computes what it can in the caller's thread
            }
        }

        private void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(prepared.compute(maxWork, deadline, stop::get));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        /**
         * Stops the computation and returns its best bound so far (in the caller's thread, the loosest one, if it
         * never got a thread).
         */
        public Bound finish() {
            stop.set(true);
            run();
            return result.join();
        }
    }

    /** What the bound needs of a solution, read at once; {@link #compute} may then run in any thread. */
    private record Prepared(
            List<PlatformRules> platforms,
            List<List<Post>> posts,
            List<Double> targets,
            Map<Object, Integer> fixedUse,
            Map<PlatformRules, List<Post>> fixedPosts,
            int granularityMinutes,
            int slots) {

        Bound compute(long maxWork, long deadline, BooleanSupplier stop) {
            long movableCount = Math.max(1, posts.stream().mapToLong(List::size).sum());
            long begin = System.nanoTime();
            double total = 0;
            double capacityTotal = 0;
            long independent = 0;
            int iterations = 0;
            long itemsDone = 0;
            for (int k = 0; k < platforms.size(); k++) {
                PlatformRules rules = platforms.get(k);
                List<Post> on = posts.get(k);
                itemsDone += on.size();
                // this platform's share of the time, by item count, cumulative so a fast platform leaves time over
                long share = deadline == Long.MAX_VALUE
                        ? Long.MAX_VALUE
                        : begin + (long) ((double) (deadline - begin) * itemsDone / movableCount);
                BooleanSupplier done = () -> stop.getAsBoolean() || System.nanoTime() - share > 0;
                long platformWork = maxWork * on.size() / movableCount;
                Platform platform = new Platform(
                        rules, on, granularityMinutes, fixedUse, slots, fixedPosts.getOrDefault(rules, List.of()));
                independent += platform.independent;
                boolean spaced = rules.minGapMinutes() > 0;
                // a quarter of the work and time warm-starts the prices; the spacing bound, which sees fatigue, gets
                // the rest
                long now = System.nanoTime();
                long warmEnd = share == Long.MAX_VALUE || !spaced ? share : now + (share - now) / 4;
                BooleanSupplier warmDone = () -> stop.getAsBoolean() || System.nanoTime() - warmEnd > 0;
                Capacities capacities = platform.capacities(targets.get(k), platformWork / 4, warmDone);
                iterations += capacities.iterations;
                double best = capacities.bound;
                capacityTotal += capacities.bound;
                if (spaced && platformWork > 0 && !done.getAsBoolean()) {
                    // the dynamic program (gap and fatigue of consecutive posts) gets two thirds of what is left,
                    // the concave relaxation (fatigue of every pair, no gap) the rest
                    long at = System.nanoTime();
                    long spacingEnd = share == Long.MAX_VALUE ? share : at + (share - at) * 2 / 3;
                    BooleanSupplier spacingDone = () -> stop.getAsBoolean() || System.nanoTime() - spacingEnd > 0;
                    Spacing spacing = platform.spacing(
                            capacities.lambda, targets.get(k), platformWork - platformWork / 4, spacingDone);
                    iterations += spacing.iterations;
                    best = Math.min(best, spacing.bound);
                }
                if (rules.idealSpacingMinutes() > 0 && platformWork > 0 && !done.getAsBoolean()) {
                    Spacing concave = platform.concave(capacities.lambda, targets.get(k), platformWork, done);
                    iterations += concave.iterations;
                    best = Math.min(best, concave.bound);
                }
                total += best;
            }
            // +1: the doubles' rounding is far below one score unit, but never let it shave the bound
            return new Bound(
                    (long) Math.ceil(total) + (platforms.isEmpty() ? 0 : 1),
                    independent,
                    iterations,
                    (long) Math.ceil(capacityTotal) + (platforms.isEmpty() ? 0 : 1));
        }
    }

    private static Prepared prepare(ScheduleSolution solution, int granularityMinutes, long target) {
        Map<PlatformRules, List<Post>> byPlatform = new LinkedHashMap<>();
        for (Post p : solution.posts()) {
            if (p.movable()) {
                byPlatform.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<Object, Integer> fixedUse = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.fixed() && p.slot() != null) {
                fixedUse.merge(dayKey(p.rules(), p.slot()), 1, Integer::sum);
                fixedUse.merge(weekKey(p.rules(), p.slot()), 1, Integer::sum);
            }
        }
        boolean placed = solution.posts().stream().allMatch(p -> p.slot() != null);
        long movableCount =
                Math.max(1, byPlatform.values().stream().mapToLong(List::size).sum());
        List<Double> targets = new ArrayList<>();
        for (Map.Entry<PlatformRules, List<Post>> entry : byPlatform.entrySet()) {
            // Each platform's share of the target: its own part of the placement, or a share by item count.
            targets.add(
                    placed
                            ? platformObjective(solution.posts(), entry.getKey())
                            : (double) target * entry.getValue().size() / movableCount);
        }
        Map<PlatformRules, List<Post>> fixedPosts = new HashMap<>();
        for (Post p : solution.posts()) {
            if (p.fixed() && p.slot() != null) {
                fixedPosts.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p);
            }
        }
        return new Prepared(
                List.copyOf(byPlatform.keySet()),
                List.copyOf(byPlatform.values()),
                targets,
                fixedUse,
                fixedPosts,
                granularityMinutes,
                solution.slots().size());
    }

    /** The objective's part that belongs to one platform: its movable posts' values less its pairs' fatigue. */
    private static double platformObjective(List<Post> posts, PlatformRules rules) {
        List<Post> on = posts.stream().filter(p -> p.rules().equals(rules)).toList();
        double sum = 0;
        for (int i = 0; i < on.size(); i++) {
            Post a = on.get(i);
            if (a.movable()) {
                sum += a.value();
            }
            for (int j = i + 1; j < on.size(); j++) {
                Post b = on.get(j);
                if ((a.movable() || b.movable()) && Math.abs(a.minute() - b.minute()) < rules.idealSpacingMinutes()) {
                    sum -= ScheduleConstraints.fatigue(a, b);
                }
            }
        }
        return sum;
    }

    private record Capacities(double bound, double[] lambda, int iterations) {}

    private record Spacing(double bound, int iterations) {}

    /** One platform's movable posts, their allowed slots and values, and the capacities they share. */
    private static final class Platform {
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

        Platform(
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
                        touched[n++] =
                                resource(ids, capacities, blocks, List.of("block", slot.index() / block), 1, true);
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
            double bestBound = independent;
            double theta = 1.0;
            int sinceImprovement = 0;
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
                if (bound < bestBound - 1e-6) {
                    bestBound = bound;
                    System.arraycopy(lambda, 0, bestLambda, 0, n);
                    sinceImprovement = 0;
                } else if (++sinceImprovement >= 10) {
                    theta /= 2;
                    sinceImprovement = 0;
                    if (theta < MIN_STEP) {
                        break; // steps this small no longer move the bound: stalled
                    }
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
            return new Capacities(bestBound, bestLambda, iteration);
        }

        /** The spacing-and-fatigue bound, started from the capacities bound's prices {@code start}. */
        Spacing spacing(double[] start, double target, long maxWork, BooleanSupplier stop) {
            int reachSlots = (int) Math.ceil((double) rules.idealSpacingMinutes() / granularityMinutes);
            if (reachSlots <= MAX_PAIRED_REACH) {
                return pairedSpacing(start, target, maxWork, stop);
            }
            int block = (rules.minGapMinutes() + granularityMinutes - 1) / granularityMinutes;
            int reach = Math.min(
                    MAX_FATIGUE_REACH, (int) Math.ceil((double) rules.idealSpacingMinutes() / granularityMinutes));
            int far = Math.max(block, reach); // "far": at least this many slots since the last post, or none yet
            // Half the fatigue rate of two posts d slots apart: a pair pays it times the sum of their weights.
            int classes = Math.min(reach, far);
            double[] half = new double[classes];
            for (int d = 1; d < classes; d++) {
                double minutes = (double) d * granularityMinutes;
                if (minutes < rules.idealSpacingMinutes()) {
                    double closeness = (rules.idealSpacingMinutes() - minutes) / rules.idealSpacingMinutes();
                    half[d] = ScheduleConstraints.FATIGUE * closeness / 2 * ScheduleConstraints.SCALE;
                }
            }
            int n = capacity.length;
            double[] lambda = new double[n];
            for (int r = 0; r < n; r++) {
                lambda[r] = isBlock[r] ? 0 : start[r];
            }
            double[] mu = new double[items];
            boolean[] placeable = new boolean[items];
            for (int i = 0; i < items; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < values[i].length; s++) {
                    double reduced = values[i][s];
                    for (int r : resources[i][s]) {
                        reduced -= start[r];
                    }
                    best = Math.max(best, reduced);
                }
                placeable[i] = values[i].length > 0;
                mu[i] = placeable[i] ? best : 0;
            }
            // per slot and distance class (0: no fatigue; d: the previous post d slots back)
            double[][] slotValue = new double[slots][classes];
            int[][] slotItem = new int[slots][classes];
            double[] f = new double[far + 1];
            double[] g = new double[far + 1];
            short[][] from = new short[slots][far + 1];
            int[] count = new int[items];
            double[] usage = new double[n];
            double bestBound = Double.POSITIVE_INFINITY;
            double theta = 1.0;
            int sinceImprovement = 0;
            // the dynamic program costs several slot evaluations per state (two moves, the way back)
            long perIteration = work * classes + 4L * slots * (far + 1);
            int maxIterations = (int) Math.max(1, Math.min(3000, maxWork / perIteration));
            int iteration = 0;
            for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
                for (int t = 0; t < slots; t++) {
                    Arrays.fill(slotValue[t], Double.NEGATIVE_INFINITY);
                    Arrays.fill(slotItem[t], -1);
                }
                for (int i = 0; i < items; i++) {
                    for (int s = 0; s < values[i].length; s++) {
                        int t = slotIndex[i][s];
                        double v = values[i][s] - mu[i];
                        double[] value = slotValue[t];
                        int[] item = slotItem[t];
                        for (int c = 0; c < classes; c++) {
                            // the pair with the previous post pays at least half·(this weight + the lightest), less
                            // one unit for the constraint's rounding
                            double withFatigue = c == 0 ? v : v - half[c] * (weight[i] + minWeight) + 1;
                            if (withFatigue > value[c]) {
                                value[c] = withFatigue;
                                item[c] = i;
                            }
                        }
                    }
                }
                for (int t = 0; t < slots; t++) {
                    if (slotItem[t][0] >= 0) {
                        double price =
                                (dayOf[t] >= 0 ? lambda[dayOf[t]] : 0) + (weekOf[t] >= 0 ? lambda[weekOf[t]] : 0);
                        for (int c = 0; c < classes; c++) {
                            slotValue[t][c] -= price;
                        }
                    }
                }
                // f[d]: the best value so far with the last occupied slot d slots back (far: none, or far or more)
                Arrays.fill(f, Double.NEGATIVE_INFINITY);
                f[far] = 0;
                for (int t = 0; t < slots; t++) {
                    Arrays.fill(g, Double.NEGATIVE_INFINITY);
                    for (int d = 1; d <= far; d++) {
                        if (f[d] == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        int next = Math.min(d + 1, far);
                        if (f[d] > g[next]) {
                            g[next] = f[d];
                            from[t][next] = (short) d;
                        }
                        if (slotItem[t][0] >= 0 && d >= block) {
                            double occupied = f[d] + slotValue[t][d < classes ? d : 0];
                            if (occupied > g[1]) {
                                g[1] = occupied;
                                from[t][1] = (short) -d; // negative: slot t is occupied, coming from d
                            }
                        }
                    }
                    double[] swap = f;
                    f = g;
                    g = swap;
                }
                int state = 1;
                for (int d = 1; d <= far; d++) {
                    if (f[d] > f[state]) {
                        state = d;
                    }
                }
                double bound = f[state];
                Arrays.fill(count, 0);
                Arrays.fill(usage, 0);
                for (int t = slots - 1; t >= 0; t--) {
                    int previous = from[t][state];
                    if (state == 1 && previous < 0) {
                        count[slotItem[t][-previous < classes ? -previous : 0]]++;
                        if (dayOf[t] >= 0) {
                            usage[dayOf[t]]++;
                        }
                        if (weekOf[t] >= 0) {
                            usage[weekOf[t]]++;
                        }
                        state = -previous;
                    } else {
                        state = previous;
                    }
                }
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        bound += mu[i];
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (!isBlock[r]) {
                        bound += lambda[r] * capacity[r];
                    }
                }
                if (bound < bestBound - 1e-6) {
                    bestBound = bound;
                    sinceImprovement = 0;
                } else if (++sinceImprovement >= 10) {
                    theta /= 2;
                    sinceImprovement = 0;
                    if (theta < MIN_STEP) {
                        break; // steps this small no longer move the bound: stalled
                    }
                }
                double norm = 0;
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        double gi = 1 - count[i];
                        norm += gi * gi;
                    }
                }
                for (int r = 0; r < n; r++) {
                    double gr = capacity[r] - usage[r];
                    if (!isBlock[r] && (lambda[r] > 0 || gr < 0)) {
                        norm += gr * gr;
                    }
                }
                if (norm == 0) {
                    break; // every item placed once within every cap: the relaxation's optimum is feasible for it
                }
                double step = theta * Math.max(bound - target, 1.0) / norm;
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        mu[i] -= step * (1 - count[i]);
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (!isBlock[r]) {
                        lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
                    }
                }
            }
            return new Spacing(bestBound, iteration);
        }

        /**
         * A concave relaxation that charges every pair of posts closer than the ideal spacing, not only consecutive
         * ones, and needs no minimum gap (so it also sees the fatigue of platforms without one, where posts may share
         * a slot). Each pair pays at least {@code r(d)·√(w_a·w_b)} (the geometric mean is at most the arithmetic
         * one); with {@code u = √w} and {@code U_s} the summed u of the posts at slot s, all pairs together pay
         * {@code ½·Uᵀ R U − ½·r(0)·Σ w}, where {@code R_st = r(|d_st|)} is a triangle kernel, positive semidefinite
         * (its Fourier transform is a squared sinc). So over fractional placements (each item's fractions summing to
         * one) the objective less this fatigue, less the caps priced by λ ≥ 0, is concave, and for any fractional
         * placement x and the gradient g there, {@code h(x) + max_y g·(y − x)} bounds it from above, the max taken
         * item by item. Frank–Wolfe steps (exact line search: h is quadratic) move x towards that max, and λ follows
         * the caps' usage; every iterate's value is a true bound, the smallest is kept. Half a unit per possible
         * pair is added for the constraint's rounding.
         */
        Spacing concave(double[] start, double target, long maxWork, BooleanSupplier stop) {
            int n = capacity.length;
            double[] lambda = new double[n];
            for (int r = 0; r < n; r++) {
                lambda[r] = isBlock[r] ? 0 : start[r];
            }
            int reach = (int) Math.ceil((double) rules.idealSpacingMinutes() / granularityMinutes);
            double[] kernel = new double[Math.max(1, reach)];
            for (int d = 0; d < kernel.length; d++) {
                double minutes = (double) d * granularityMinutes;
                if (minutes < rules.idealSpacingMinutes()) {
                    kernel[d] = ScheduleConstraints.FATIGUE
                            * (rules.idealSpacingMinutes() - minutes)
                            / rules.idealSpacingMinutes()
                            * ScheduleConstraints.SCALE;
                }
            }
            double[] u = new double[items];
            double selfTerm = 0;
            for (int i = 0; i < items; i++) {
                u[i] = Math.sqrt(weight[i]);
                if (values[i].length > 0) {
                    selfTerm += kernel[0] * weight[i] / 2;
                }
            }
            double rounding = 0.5 * items * (items - 1) / 2.0;
            // x: each item's fractions over its allowed slots; start at each item's best priced slot
            double[][] x = new double[items][];
            double[] bigU = new double[slots];
            for (int i = 0; i < items; i++) {
                x[i] = new double[values[i].length];
                int best = -1;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < values[i].length; k++) {
                    double g = values[i][k] - fixedFatigue[i][k] - price(lambda, slotIndex[i][k]);
                    if (g > bestValue) {
                        bestValue = g;
                        best = k;
                    }
                }
                if (best >= 0) {
                    x[i][best] = 1;
                    bigU[slotIndex[i][best]] += u[i];
                }
            }
            double[] ru = convolve(bigU, kernel);
            double[] uy = new double[slots];
            int[] chosen = new int[items];
            double[] usage = new double[n];
            double bestBound = Double.POSITIVE_INFINITY;
            double theta = 1.0;
            int sinceImprovement = 0;
            long perIteration = 3 * work + 2L * slots * kernel.length;
            int maxIterations = (int) Math.max(1, Math.min(20_000, maxWork / perIteration));
            int iteration = 0;
            for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
                // h(x) and the linear maximization over the items' slots
                double linear = 0; // Σ (v − φ − price)·x
                double gx = 0; // gradient · x
                double gy = 0; // gradient · y at the maximizer y
                Arrays.fill(uy, 0);
                Arrays.fill(usage, 0);
                for (int i = 0; i < items; i++) {
                    int best = -1;
                    double bestGradient = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < values[i].length; k++) {
                        int t = slotIndex[i][k];
                        double own = values[i][k] - fixedFatigue[i][k] - price(lambda, t);
                        double gradient = own - u[i] * ru[t];
                        double xi = x[i][k];
                        if (xi != 0) {
                            linear += own * xi;
                            gx += gradient * xi;
                            if (dayOf[t] >= 0) {
                                usage[dayOf[t]] += xi;
                            }
                            if (weekOf[t] >= 0) {
                                usage[weekOf[t]] += xi;
                            }
                        }
                        if (gradient > bestGradient) {
                            bestGradient = gradient;
                            best = k;
                        }
                    }
                    chosen[i] = best;
                    if (best >= 0) {
                        gy += bestGradient;
                        uy[slotIndex[i][best]] += u[i];
                    }
                }
                double quadratic = 0;
                for (int t = 0; t < slots; t++) {
                    quadratic += bigU[t] * ru[t];
                }
                double prices = 0;
                for (int r = 0; r < n; r++) {
                    if (!isBlock[r]) {
                        prices += lambda[r] * capacity[r];
                    }
                }
                double h = linear - quadratic / 2 + selfTerm + prices;
                double bound = h + (gy - gx) + rounding;
                if (bound < bestBound - 1e-6) {
                    bestBound = bound;
                    sinceImprovement = 0;
                } else if (++sinceImprovement >= 20) {
                    theta /= 2;
                    sinceImprovement = 0;
                    if (theta < MIN_STEP) {
                        break;
                    }
                }
                // Frank–Wolfe step towards y with exact line search
                double[] ruy = convolve(uy, kernel);
                double curvature = 0; // (U_y − U)ᵀ R (U_y − U)
                for (int t = 0; t < slots; t++) {
                    curvature += (uy[t] - bigU[t]) * (ruy[t] - ru[t]);
                }
                double slope = gy - gx;
                double gamma = curvature <= 0 ? 1 : Math.min(1, Math.max(0, slope / curvature));
                if (gamma > 0) {
                    for (int i = 0; i < items; i++) {
                        double[] xi = x[i];
                        for (int k = 0; k < xi.length; k++) {
                            xi[k] *= 1 - gamma;
                        }
                        if (chosen[i] >= 0) {
                            xi[chosen[i]] += gamma;
                        }
                    }
                    for (int t = 0; t < slots; t++) {
                        bigU[t] = (1 - gamma) * bigU[t] + gamma * uy[t];
                        ru[t] = (1 - gamma) * ru[t] + gamma * ruy[t];
                    }
                }
                // the caps' prices follow their usage (a projected subgradient step on the dual)
                double norm = 0;
                for (int r = 0; r < n; r++) {
                    double g = capacity[r] - usage[r];
                    if (!isBlock[r] && (lambda[r] > 0 || g < 0)) {
                        norm += g * g;
                    }
                }
                if (norm > 1e-12) {
                    double step = theta * Math.max(bestBound - target, 1.0) / norm / 4;
                    for (int r = 0; r < n; r++) {
                        if (!isBlock[r]) {
                            lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
                        }
                    }
                }
            }
            return new Spacing(bestBound, iteration);
        }

        private double price(double[] lambda, int t) {
            return (dayOf[t] >= 0 ? lambda[dayOf[t]] : 0) + (weekOf[t] >= 0 ? lambda[weekOf[t]] : 0);
        }

        /** {@code (R·v)_t = Σ_k kernel[|k|]·v[t + k]}. */
        private static double[] convolve(double[] v, double[] kernel) {
            double[] out = new double[v.length];
            for (int t = 0; t < v.length; t++) {
                if (v[t] == 0) {
                    continue;
                }
                double vt = v[t];
                out[t] += kernel[0] * vt;
                for (int k = 1; k < kernel.length; k++) {
                    if (t + k < v.length) {
                        out[t + k] += kernel[k] * vt;
                    }
                    if (t - k >= 0) {
                        out[t - k] += kernel[k] * vt;
                    }
                }
            }
            return out;
        }

        /**
         * The spacing-and-fatigue bound with each consecutive pair's fatigue charged with both posts' own weights:
         * a post pays, times its own weight, half the pair rate of its distance to the previous post and half that of
         * its distance to the next, so two consecutive posts together pay what the constraint charges them (less one
         * unit for its rounding). The dynamic program's state is the distance back to the last occupied slot and,
         * while that post's next neighbour may still come within the reach, its distance to the one before it: its
         * slot's best item is settled once both sides are known (the next post arrives, the reach passes, or the
         * horizon ends).
         */
        Spacing pairedSpacing(double[] start, double target, long maxWork, BooleanSupplier stop) {
            int block = (rules.minGapMinutes() + granularityMinutes - 1) / granularityMinutes;
            int reach = Math.max(1, (int)
                    Math.ceil((double) rules.idealSpacingMinutes() / granularityMinutes)); // classes 0..reach-1
            int far = Math.max(block, reach);
            // per side and unit of weight: half the rate of a pair d slots apart (a pair pays rate·(w_a + w_b))
            double[] rate = new double[reach];
            for (int d = 1; d < reach; d++) {
                double minutes = (double) d * granularityMinutes;
                if (minutes < rules.idealSpacingMinutes()) {
                    double closeness = (rules.idealSpacingMinutes() - minutes) / rules.idealSpacingMinutes();
                    rate[d] = ScheduleConstraints.FATIGUE * closeness / 2 * ScheduleConstraints.SCALE;
                }
            }
            // states: 0 = none pending, the last post at least `far` back (or none yet); pending (d, c) for
            // 1 <= d < reach: the last post d back, c its previous neighbour's class; done (d) for reach <= d < far
            int pendingStates = (reach - 1) * reach;
            int states = 1 + pendingStates + (far - reach);
            int n = capacity.length;
            double[] lambda = new double[n];
            for (int r = 0; r < n; r++) {
                lambda[r] = isBlock[r] ? 0 : start[r];
            }
            double[] mu = new double[items];
            boolean[] placeable = new boolean[items];
            boolean[] occupiable = new boolean[slots];
            for (int i = 0; i < items; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < values[i].length; s++) {
                    double reduced = values[i][s];
                    for (int r : resources[i][s]) {
                        reduced -= start[r];
                    }
                    best = Math.max(best, reduced);
                    occupiable[slotIndex[i][s]] = true;
                }
                placeable[i] = values[i].length > 0;
                mu[i] = placeable[i] ? best : 0;
            }
            int cells = reach * reach;
            // per cell (previous class, next class): the summed rate, and the margin of half a unit per pair side
            // for the constraint's rounding; cells in order of rate
            double[] cellRate = new double[cells];
            double[] cellMargin = new double[cells];
            for (int cp = 0; cp < reach; cp++) {
                for (int cn = 0; cn < reach; cn++) {
                    cellRate[cp * reach + cn] = rate[cp] + rate[cn];
                    cellMargin[cp * reach + cn] = (cp > 0 ? 0.5 : 0) + (cn > 0 ? 0.5 : 0);
                }
            }
            int[] cellsByRate = java.util.stream.IntStream.range(0, cells)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> cellRate[c])
                            .thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue)
                    .toArray();
            // per slot: the items allowed there by weight, heaviest first (their lines by slope), and their values
            List<List<int[]>> bySlot = new ArrayList<>();
            for (int t = 0; t < slots; t++) {
                bySlot.add(new ArrayList<>());
            }
            for (int i = 0; i < items; i++) {
                for (int s = 0; s < values[i].length; s++) {
                    bySlot.get(slotIndex[i][s]).add(new int[] {i, s});
                }
            }
            int[][] slotItems = new int[slots][];
            double[][] slotValues = new double[slots][];
            int widest = 1;
            for (int t = 0; t < slots; t++) {
                List<int[]> here = bySlot.get(t);
                here.sort(Comparator.comparingDouble((int[] e) -> -weight[e[0]]).thenComparingInt(e -> e[0]));
                slotItems[t] = new int[here.size()];
                slotValues[t] = new double[here.size()];
                for (int k = 0; k < here.size(); k++) {
                    slotItems[t][k] = here.get(k)[0];
                    slotValues[t][k] = values[here.get(k)[0]][here.get(k)[1]];
                }
                widest = Math.max(widest, here.size());
            }
            double[] hullSlope = new double[widest];
            double[] hullB = new double[widest];
            int[] hullItem = new int[widest];
            double[] value = new double[slots * cells];
            int[] item = new int[slots * cells];
            double[] price = new double[slots];
            double[] f = new double[states];
            double[] g = new double[states];
            int[][] from = new int[slots][states];
            int[] count = new int[items];
            double[] usage = new double[n];
            double bestBound = Double.POSITIVE_INFINITY;
            double theta = 1.0;
            int sinceImprovement = 0;
            long perIteration = 2 * work + (long) slots * cells + 3L * slots * states;
            int maxIterations = (int) Math.max(1, Math.min(3000, maxWork / perIteration));
            int iteration = 0;
            for (; iteration < maxIterations && (iteration == 0 || !stop.getAsBoolean()); iteration++) {
                Arrays.fill(value, Double.NEGATIVE_INFINITY);
                Arrays.fill(item, -1);
                for (int t = 0; t < slots; t++) {
                    // each item is a line in the pair rate H: (value - mu) - H·weight; the upper envelope of the
                    // slot's lines, walked with the cells in order of H, gives every cell's best item
                    int[] byWeight = slotItems[t];
                    int hullSize = 0;
                    for (int k = 0; k < byWeight.length; k++) {
                        int i = byWeight[k];
                        double b = slotValues[t][k] - mu[i];
                        double slope = -weight[i];
                        if (hullSize > 0 && hullSlope[hullSize - 1] == slope) {
                            if (b <= hullB[hullSize - 1]) {
                                continue;
                            }
                            hullSize--;
                        }
                        while (hullSize >= 2
                                && crossing(hullSlope[hullSize - 2], hullB[hullSize - 2], slope, b)
                                        <= crossing(
                                                hullSlope[hullSize - 2],
                                                hullB[hullSize - 2],
                                                hullSlope[hullSize - 1],
                                                hullB[hullSize - 1])) {
                            hullSize--;
                        }
                        hullSlope[hullSize] = slope;
                        hullB[hullSize] = b;
                        hullItem[hullSize] = i;
                        hullSize++;
                    }
                    if (hullSize == 0) {
                        continue;
                    }
                    int at = 0;
                    int base = t * cells;
                    for (int cell : cellsByRate) {
                        double h = cellRate[cell];
                        while (at + 1 < hullSize
                                && hullB[at + 1] + hullSlope[at + 1] * h >= hullB[at] + hullSlope[at] * h) {
                            at++;
                        }
                        value[base + cell] = hullB[at] + hullSlope[at] * h + cellMargin[cell];
                        item[base + cell] = hullItem[at];
                    }
                }
                for (int t = 0; t < slots; t++) {
                    price[t] = (dayOf[t] >= 0 ? lambda[dayOf[t]] : 0) + (weekOf[t] >= 0 ? lambda[weekOf[t]] : 0);
                }
                Arrays.fill(f, Double.NEGATIVE_INFINITY);
                f[0] = 0;
                for (int t = 0; t < slots; t++) {
                    Arrays.fill(g, Double.NEGATIVE_INFINITY);
                    int[] back = from[t];
                    for (int state = 0; state < states; state++) {
                        double here = f[state];
                        if (here == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        int d = distance(state, reach, far);
                        int c = state >= 1 && state <= pendingStates ? (state - 1) % reach : -1;
                        // leave slot t empty
                        int next;
                        double add = 0;
                        if (c >= 0 && d + 1 < reach) {
                            next = pending(d + 1, c, reach);
                        } else if (c >= 0) { // the reach passes: the pending post has no next neighbour in reach
                            add = settled(value, price, t - d, c, 0, reach);
                            next = reach < far ? done(reach, reach) : 0;
                        } else if (state != 0 && d + 1 < far) {
                            next = done(d + 1, reach);
                        } else {
                            next = 0;
                        }
                        if (here + add > g[next]) {
                            g[next] = here + add;
                            back[next] = state << 1;
                        }
                        // occupy slot t
                        if (occupiable[t] && (state == 0 || d >= block)) {
                            add = c >= 0 ? settled(value, price, t - d, c, d, reach) : 0;
                            if (reach > 1) {
                                next = pending(1, c >= 0 ? d : 0, reach);
                            } else {
                                add += settled(value, price, t, 0, 0, reach);
                                next = far > 1 ? done(1, reach) : 0;
                            }
                            if (here + add > g[next]) {
                                g[next] = here + add;
                                back[next] = (state << 1) | 1;
                            }
                        }
                    }
                    double[] swap = f;
                    f = g;
                    g = swap;
                }
                int state = 0;
                double bound = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < states; s++) {
                    if (f[s] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double end = f[s];
                    if (s >= 1 && s <= pendingStates) {
                        end += settled(value, price, slots - distance(s, reach, far), (s - 1) % reach, 0, reach);
                    }
                    if (end > bound) {
                        bound = end;
                        state = s;
                    }
                }
                Arrays.fill(count, 0);
                Arrays.fill(usage, 0);
                if (state >= 1 && state <= pendingStates) {
                    use(item, slots - distance(state, reach, far), (state - 1) % reach, 0, reach, count, usage);
                }
                for (int t = slots - 1; t >= 0; t--) {
                    int previous = from[t][state] >> 1;
                    boolean occupied = (from[t][state] & 1) == 1;
                    int d = distance(previous, reach, far);
                    int c = previous >= 1 && previous <= pendingStates ? (previous - 1) % reach : -1;
                    if (occupied) {
                        if (c >= 0) {
                            use(item, t - d, c, d, reach, count, usage);
                        }
                        if (reach == 1) {
                            use(item, t, 0, 0, reach, count, usage);
                        }
                    } else if (c >= 0 && d + 1 >= reach) {
                        use(item, t - d, c, 0, reach, count, usage);
                    }
                    state = previous;
                }
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        bound += mu[i];
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (!isBlock[r]) {
                        bound += lambda[r] * capacity[r];
                    }
                }
                if (bound < bestBound - 1e-6) {
                    bestBound = bound;
                    sinceImprovement = 0;
                } else if (++sinceImprovement >= 10) {
                    theta /= 2;
                    sinceImprovement = 0;
                    if (theta < MIN_STEP) {
                        break; // steps this small no longer move the bound: stalled
                    }
                }
                double norm = 0;
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        double gi = 1 - count[i];
                        norm += gi * gi;
                    }
                }
                for (int r = 0; r < n; r++) {
                    double gr = capacity[r] - usage[r];
                    if (!isBlock[r] && (lambda[r] > 0 || gr < 0)) {
                        norm += gr * gr;
                    }
                }
                if (norm == 0) {
                    break; // every item placed once within every cap: the relaxation's optimum is feasible for it
                }
                double step = theta * Math.max(bound - target, 1.0) / norm;
                for (int i = 0; i < items; i++) {
                    if (placeable[i]) {
                        mu[i] -= step * (1 - count[i]);
                    }
                }
                for (int r = 0; r < n; r++) {
                    if (!isBlock[r]) {
                        lambda[r] = Math.max(0, lambda[r] - step * (capacity[r] - usage[r]));
                    }
                }
            }
            return new Spacing(bestBound, iteration);
        }

        /** Where line {@code b1 + m1·x} meets line {@code b2 + m2·x} ({@code m2 > m1}). */
        private static double crossing(double m1, double b1, double m2, double b2) {
            return (b1 - b2) / (m2 - m1);
        }

        /** A state's distance back to the last occupied slot; {@code far} for state 0. */
        private static int distance(int state, int reach, int far) {
            if (state == 0) {
                return far;
            }
            int pendingStates = (reach - 1) * reach;
            return state <= pendingStates ? (state - 1) / reach + 1 : reach + (state - 1 - pendingStates);
        }

        private static int pending(int d, int c, int reach) {
            return 1 + (d - 1) * reach + c;
        }

        private static int done(int d, int reach) {
            return 1 + (reach - 1) * reach + (d - reach);
        }

        /** Slot {@code t}'s value with its neighbours' classes {@code cp} (before) and {@code cn} (after), priced. */
        private static double settled(double[] value, double[] price, int t, int cp, int cn, int reach) {
            return value[(t * reach + cp) * reach + cn] - price[t];
        }

        private void use(int[] item, int t, int cp, int cn, int reach, int[] count, double[] usage) {
            count[item[(t * reach + cp) * reach + cn]]++;
            if (dayOf[t] >= 0) {
                usage[dayOf[t]]++;
            }
            if (weekOf[t] >= 0) {
                usage[weekOf[t]]++;
            }
        }
    }

    private static int resource(
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

    private static Object dayKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "day", slot.day());
    }

    private static Object weekKey(PlatformRules rules, TimeSlot slot) {
        return List.of(rules, "week", slot.week());
    }
}
