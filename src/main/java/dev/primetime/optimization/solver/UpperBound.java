package dev.primetime.optimization.solver;

import java.time.Duration;
import java.util.ArrayList;
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
 * exactly. Where the occupancy patterns of the slots within the ideal spacing on both sides of a post are few
 * ({@link SpacingBound#MAX_WINDOWS}), the program's state is that pattern instead and every pair closer than the ideal
 * spacing pays, consecutive or not, each post its own weight times half the pair rate (packed platforms, where posts
 * two or more apart still tire each other); {@code Σ μ + Σ λ·capacity + DP ≥ optimum} for ANY μ, λ ≥ 0. Started from the capacities bound's best λ,
 * with each {@code μ_i} the item's best reduced value there, it is already no larger than that bound; subgradient
 * steps lower it further. This is the part of the bound that sees audience fatigue.
 *
 * <p><b>Crowded slots</b> (platforms without a minimum gap, where several posts may share a slot: at 5,000 items
 * every platform). The same prices μ and λ; what is left falls apart by slot, each choosing its best set of posts with
 * their same-slot fatigue counted exactly ({@link CrowdBound}). When the ideal spacing is at most one grid step, that
 * is all the fatigue there is, and this bound is the Lagrangian dual of a model where each slot picks a set of posts.
 *
 * <p>The μ of the spacing and crowd bounds start from a plan's own prices when every post stands on the grid (what
 * each earns where it stands, less its slot's λ and its half of its pairs' fatigue): any μ gives a true bound, and
 * starting near a good plan's saves most of the steps a time limit leaves no room for.
 *
 * <p>All arithmetic is in doubles; the result is rounded up and fatigue rounded down, so rounding never makes the
 * bound smaller than it is.
 */
public final class UpperBound {
    private UpperBound() {}

    /**
     * @param value the bound in score units
     * @param independent each item at its best allowed slot, ignoring every other item
     * @param iterations subgradient steps taken, over all platforms and both bounds
     * @param capacityOnly the capacities bound alone (what {@code value} was before the spacing and fatigue bound)
     */
    public record Bound(long value, long independent, int iterations, long capacityOnly, List<Part> parts) {
        public Bound(long value, long independent, int iterations, long capacityOnly) {
            this(value, independent, iterations, capacityOnly, List.of());
        }

        public Bound(long value, long independent, int iterations) {
            this(value, independent, iterations, value);
        }
    }

    /**
     * One platform's part of a bound, for diagnosis: where the work went and how far each relaxation got.
     *
     * @param platform the platform's id
     * @param target the plan's own objective on this platform (what the bound is chasing)
     * @param bound the smallest of the relaxations below (NaN where one did not run)
     */
    public record Part(
            String platform,
            int items,
            double target,
            double bound,
            double capacities,
            double spacing,
            double crowd,
            double concave,
            int iterations,
            long nanos) {}

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
            List<int[]> placedAt,
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
            List<Part> parts = new ArrayList<>();
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
                long platformBegin = System.nanoTime();
                int iterationsBefore = iterations;
                double spacingBound = Double.NaN;
                double crowdBound = Double.NaN;
                double concaveBound = Double.NaN;
                PlatformBound platform = new PlatformBound(
                        rules, on, granularityMinutes, fixedUse, slots, fixedPosts.getOrDefault(rules, List.of()));
                independent += platform.independent;
                boolean spaced = rules.minGapMinutes() > 0;
                // posts may share a slot and tire each other there: the crowd bound sees it
                boolean crowded = !spaced && rules.idealSpacingMinutes() > 0;
                // a quarter of the work and time warm-starts the prices; the spacing or crowd bound, which sees
                // fatigue, gets the rest
                long now = System.nanoTime();
                long warmEnd = share == Long.MAX_VALUE || !(spaced || crowded)
                        ? share
                        : now + (share - now) / (crowded ? 8 : 4);
                BooleanSupplier warmDone = () -> stop.getAsBoolean() || System.nanoTime() - warmEnd > 0;
                PlatformBound.Capacities capacities = platform.capacities(targets.get(k), platformWork / 4, warmDone);
                iterations += capacities.iterations();
                double best = capacities.bound();
                capacityTotal += capacities.bound();
                if (spaced && platformWork > 0 && !done.getAsBoolean()) {
                    // the dynamic program (gap and fatigue of consecutive posts) gets two thirds of what is left,
                    // the concave relaxation (fatigue of every pair, no gap) the rest
                    long at = System.nanoTime();
                    long spacingEnd = share == Long.MAX_VALUE ? share : at + (share - at) * 2 / 3;
                    BooleanSupplier spacingDone = () -> stop.getAsBoolean() || System.nanoTime() - spacingEnd > 0;
                    PlatformBound.Spacing spacing = SpacingBound.of(
                            platform,
                            capacities.lambda(),
                            placedAt.get(k),
                            targets.get(k),
                            platformWork - platformWork / 4,
                            spacingDone);
                    iterations += spacing.iterations();
                    spacingBound = spacing.bound();
                    best = Math.min(best, spacing.bound());
                }
                // posts one grid step apart or more are at least the ideal spacing apart: the crowd bound then
                // counts every pair, and the concave relaxation has nothing to add
                boolean sameSlotOnly = rules.idealSpacingMinutes() <= granularityMinutes;
                if (crowded && platformWork > 0 && !done.getAsBoolean()) {
                    // two thirds of what is left (all of it when only same-slot pairs tire); the concave relaxation
                    // (pairs across slots too) the rest
                    long at = System.nanoTime();
                    long crowdEnd = share == Long.MAX_VALUE || sameSlotOnly ? share : at + (share - at) * 2 / 3;
                    BooleanSupplier crowdDone = () -> stop.getAsBoolean() || System.nanoTime() - crowdEnd > 0;
                    PlatformBound.Spacing crowd = CrowdBound.of(
                            platform,
                            capacities.lambda(),
                            placedAt.get(k),
                            targets.get(k),
                            platformWork - platformWork / 4,
                            crowdDone);
                    iterations += crowd.iterations();
                    crowdBound = crowd.bound();
                    best = Math.min(best, crowd.bound());
                }
                if (rules.idealSpacingMinutes() > 0
                        && !(crowded && sameSlotOnly)
                        && platformWork > 0
                        && !done.getAsBoolean()) {
                    PlatformBound.Spacing concave =
                            ConcaveBound.of(platform, capacities.lambda(), targets.get(k), platformWork, done);
                    iterations += concave.iterations();
                    concaveBound = concave.bound();
                    best = Math.min(best, concave.bound());
                }
                total += best;
                parts.add(new Part(
                        rules.platform().id(),
                        on.size(),
                        targets.get(k),
                        best,
                        capacities.bound(),
                        spacingBound,
                        crowdBound,
                        concaveBound,
                        iterations - iterationsBefore,
                        System.nanoTime() - platformBegin));
            }
            // +1: the doubles' rounding is far below one score unit, but never let it shave the bound
            return new Bound(
                    (long) Math.ceil(total) + (platforms.isEmpty() ? 0 : 1),
                    independent,
                    iterations,
                    (long) Math.ceil(capacityTotal) + (platforms.isEmpty() ? 0 : 1),
                    List.copyOf(parts));
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
                fixedUse.merge(PlatformBound.dayKey(p.rules(), p.slot()), 1, Integer::sum);
                fixedUse.merge(PlatformBound.weekKey(p.rules(), p.slot()), 1, Integer::sum);
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
        // where each movable post stands now (grid index, or -1), read before the solver starts moving them
        List<int[]> placedAt = new ArrayList<>();
        for (List<Post> on : byPlatform.values()) {
            placedAt.add(on.stream()
                    .mapToInt(p -> p.slot() == null ? -1 : p.slot().index())
                    .toArray());
        }
        return new Prepared(
                List.copyOf(byPlatform.keySet()),
                List.copyOf(byPlatform.values()),
                placedAt,
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
}
