package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Timefold configured in Java: construction heuristic (when {@link #start} left posts open) then local search,
 * stopped by the time limit or as soon as the score reaches a proven bound, then a deterministic {@link SlotDescent}
 * polish of the best solution. The same problem, seed and number of steps give the
 * same answer (the solver's reproducible mode); under a time limit the machine's speed decides how far it gets.
 */
public final class ScheduleSolver {
    /**
     * Up to this many (open post, allowed slot) pairs Timefold's construction heuristic builds the start even when the
     * greedy one is feasible: it prices every placement with the full score and takes about 0.3 s at 50 bench items
     * (~11,000 pairs), where it led local search to 50.52 against 50.26 from the greedy start (the greedy, pricing
     * fatigue as it goes, spreads the first posts and leaves the best days to the last); at 200 items (~39,000) the
     * two ended level and it takes 0.7 s; at 1,000 it does not finish in 5 s.
     */
    static final long CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS = 25_000;
    /**
     * Subgradient work for the bound: at most about 10^10 slot evaluations (1,000 items converge within about 2·10^9).
     * It runs on its own thread while the solver runs and stops when the solve ends (at the latest at the time
     * limit); more work only lowers (tightens) the bound, and it is true wherever it stops.
     */
    public static final long BOUND_WORK = 10_000_000_000L;
    /** Passes of best-slot descent over all posts; it usually settles in a few. */
    private static final int DESCENT_PASSES = 50;

    private final SolutionManager<ScheduleSolution, HardSoftScore> scores;

    public ScheduleSolver() {
        this.scores =
                SolutionManager.create(SolverFactory.create(config(new TerminationConfig().withMoveCountLimit(1L), 0)));
    }

    /** An improved best solution during a run. */
    public record Progress(HardSoftScore score, long millisSpent) {}

    /** @param firstFeasibleMillis solver time until the first solution without hard violations; -1 if none */
    public record Result(ScheduleSolution best, HardSoftScore score, long firstFeasibleMillis) {}

    /**
     * Solves in the calling thread.
     *
     * @param stopAtSoft a soft score no solution can beat (a proven upper bound); reaching it ends the run early
     * @param moveLimit when set, the run ends after this many evaluated moves instead of by time: fully deterministic
     */
    public Result solve(
            ScheduleSolution problem,
            Duration timeLimit,
            long seed,
            long stopAtSoft,
            Long moveLimit,
            Consumer<Progress> progress,
            Consumer<Solver<ScheduleSolution>> started) {
        TerminationConfig termination = new TerminationConfig().withBestScoreLimit("0hard/" + stopAtSoft + "soft");
        if (moveLimit != null) {
            termination.setMoveCountLimit(moveLimit);
        } else {
            termination.setSpentLimit(timeLimit);
        }
        Solver<ScheduleSolution> solver = SolverFactory.<ScheduleSolution>create(config(termination, seed))
                .buildSolver();
        long[] firstFeasible = {-1};
        solver.addEventListener(event -> {
            HardSoftScore score = (HardSoftScore) event.getNewBestScore();
            if (!event.isNewBestSolutionInitialized()) {
                return;
            }
            if (score.isFeasible() && firstFeasible[0] < 0) {
                firstFeasible[0] = event.getTimeMillisSpent();
            }
            progress.accept(new Progress(score, event.getTimeMillisSpent()));
        });
        started.accept(solver);
        ScheduleSolution best = solver.solve(problem);
        HardSoftScore score = best.score;
        long unassigned = best.posts().stream().filter(p -> p.slot() == null).count();
        if (score != null && unassigned > 0) {
            // the construction heuristic was stopped (time limit, cancel) before it placed every post: the score only
            // counts placed posts and can read feasible; a post without a time breaks the one rule that every item
            // gets a time, so the run is not feasible (seen on a loaded machine: 3 of 24 posts without a time)
            score = HardSoftScore.of(score.hardScore() - (int) unassigned, score.softScore());
            best.score = score;
        }
        if (score != null && score.isFeasible() && firstFeasible[0] < 0) {
            firstFeasible[0] = 0; // the starting solution was already feasible and never improved
        }
        if (score != null && score.isFeasible()) {
            // a deterministic polish of the best: late acceptance ends wherever the time ran out, often a step or two
            // from a swap or move that gains
            score = descend(best, score);
            best.score = score;
        }
        return new Result(best, score, firstFeasible[0]);
    }

    /**
     * Builds the starting schedule, keeping every hard rule from the start whatever the items' current times:
     *
     * <ol>
     *   <li>{@link GreedyStart} places the open movable posts around those already placed (at their current times),
     *       keeping every hard rule it can and ejecting one post where a post finds every slot blocked;
     *   <li>when that breaks a rule (current times stacked on one day break the caps and gaps before anything is
     *       placed), every movable post is placed afresh, most constrained first;
     *   <li>when that still breaks a rule, {@link Repair}'s min-conflicts search mends it, for a quarter of its
     *       budget; failing that, {@link EarliestFit} places every movable post afresh looking for room rather than
     *       engagement, and the repair goes on from whichever placement breaks fewer rules, in all for at most
     *       {@code repairBudget};
     *   <li>a feasible start goes through {@link SlotDescent}.
     * </ol>
     *
     * <p>Small problems (see {@link #CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS}) with a feasible greedy start hand every
     * movable post to Timefold's construction heuristic instead (never the current times: stacked, they break rules
     * local search must then repair); {@link #optimize} keeps the feasible greedy start should that end worse.
     *
     * @return how the start went
     */
    public Start start(ScheduleSolution solution) {
        return start(solution, estimate -> {}, Duration.ofSeconds(1), 0);
    }

    /**
     * {@link #start(ScheduleSolution)}, calling {@code placed} with the start's estimate as soon as the placement
     * local search will start from is known apart from the descent (so a bound computed alongside can start before
     * the descent runs; the descent only moves posts, it neither adds nor removes them).
     */
    public Start start(ScheduleSolution solution, LongConsumer placed, Duration repairBudget, long seed) {
        long begin = System.nanoTime(); // durations only
        List<Post> movable = solution.posts().stream().filter(Post::movable).toList();
        boolean someGiven = movable.stream().anyMatch(p -> p.slot() != null);
        if (someGiven && !keepsHardRules(solution.posts())) {
            // the current times already break a rule among themselves (e.g. stacked on one day): placing the rest
            // around them cannot mend that
            movable.forEach(p -> p.assign(null));
            someGiven = false;
        }
        // the greedy may eject for a quarter of the repair's budget; what it leaves broken the repair mends
        long ejectUntil = begin + repairBudget.toNanos() / 4;
        GreedyStart.place(solution, ejectUntil);
        HardSoftScore greedy = score(solution);
        if (!greedy.isFeasible() && someGiven) {
            movable.forEach(p -> p.assign(null));
            GreedyStart.place(solution, ejectUntil);
            greedy = score(solution);
        }
        boolean repaired = false;
        if (!greedy.isFeasible()) {
            // at least half its budget from now, however long the greedy took (a cold JIT, a loaded machine); a
            // quarter of it mending the greedy's placement (usually enough, and it keeps the greedy's engagement)
            long now = System.nanoTime();
            long until = Math.max(begin + repairBudget.toNanos(), now + repairBudget.toNanos() / 2);
            repaired = Repair.run(solution, now + (until - now) / 4, seed);
            greedy = score(solution);
            if (!greedy.isFeasible()) {
                // the greedy, placing for engagement, left a tight platform without room: look for room instead; the
                // few posts that sweep leaves open go where the greedy (with its ejections) puts them, and the rest
                // of the repair starts from whichever placement breaks fewer rules
                Map<Post, TimeSlot> mended = snapshot(solution);
                movable.forEach(p -> p.assign(null));
                if (!EarliestFit.place(solution)) {
                    GreedyStart.place(solution, ejectUntil);
                }
                HardSoftScore packed = score(solution);
                if (packed.hardScore() > greedy.hardScore()) {
                    greedy = packed;
                } else {
                    mended.forEach(Post::assign);
                }
                if (!greedy.isFeasible()) {
                    repaired = Repair.run(solution, until, seed);
                    greedy = score(solution);
                }
            }
        }
        long feasibleMillis = greedy.isFeasible() ? (System.nanoTime() - begin) / 1_000_000 : -1;
        long evaluations =
                movable.stream().mapToLong(p -> p.allowedSlots().size()).sum();
        if (greedy.isFeasible() && evaluations <= CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS) {
            Map<Post, TimeSlot> kept = snapshot(solution);
            placed.accept(greedy.softScore());
            movable.forEach(p -> p.assign(null));
            return new Start(
                    false,
                    feasibleMillis,
                    (System.nanoTime() - begin) / 1_000_000,
                    greedy.softScore(),
                    repaired,
                    kept,
                    greedy);
        }
        placed.accept(greedy.softScore());
        if (greedy.isFeasible()) {
            HardSoftScore descended = descend(solution, greedy);
            return new Start(
                    true,
                    feasibleMillis,
                    (System.nanoTime() - begin) / 1_000_000,
                    descended.softScore(),
                    repaired,
                    snapshot(solution),
                    descended);
        }
        return new Start(true, -1, (System.nanoTime() - begin) / 1_000_000, greedy.softScore(), repaired, null, greedy);
    }

    /**
     * How {@link #start} went.
     *
     * @param greedy whether local search starts from the greedy placement (else the construction heuristic builds it)
     * @param feasibleMillis time until the start was complete and broke no hard rule, before the descent; -1 if not
     * @param millis time the whole start took, descent included
     * @param estimate the start's soft score, feasible or not: an estimate of the objective (it sizes the bound's
     *     steps)
     * @param repaired whether {@link Repair} had to mend the greedy placement (and did)
     * @param feasible the feasible start's placement (null when there is none), kept as the answer should the search
     *     end worse
     * @param score the start's score
     */
    public record Start(
            boolean greedy,
            long feasibleMillis,
            long millis,
            long estimate,
            boolean repaired,
            Map<Post, TimeSlot> feasible,
            HardSoftScore score) {}

    /**
     * What one run found: the best schedule (never worse than a feasible start), its score, the bound computed
     * alongside, and the timings.
     *
     * @param firstFeasibleMillis from the run's start to the first schedule that breaks no hard rule; -1 if none
     * @param millis the whole run: start, search, polish and bound
     */
    public record Run(
            ScheduleSolution best,
            HardSoftScore score,
            UpperBound.Bound bound,
            Start start,
            long firstFeasibleMillis,
            long millis) {}

    /**
     * A whole run as the service makes it, in the calling thread: {@link #start}, then the search with the bound
     * computed alongside on {@code boundExecutor} from the moment the start has placed the posts, then the polish;
     * about {@code timeLimit} in all. The answer is the best of the search and the feasible start.
     *
     * @param stopAtSoft a soft score no solution can beat; reaching it ends the search early
     */
    public Run optimize(
            ScheduleSolution problem,
            int granularityMinutes,
            Duration timeLimit,
            long seed,
            long stopAtSoft,
            Executor boundExecutor,
            Consumer<Progress> progress,
            Consumer<Solver<ScheduleSolution>> started) {
        long begin = System.nanoTime(); // durations only
        UpperBound.Running[] bounding = {null};
        try {
            Start start = start(
                    problem,
                    estimate -> bounding[0] = UpperBound.start(
                            problem,
                            granularityMinutes,
                            estimate,
                            BOUND_WORK,
                            remaining(timeLimit, begin),
                            boundExecutor),
                    // the repair may take four fifths of the time: a feasible answer matters more than a polished
                    // one (a planted-feasible 144-item instance with a tight weekly cap needed 0.44-1.2 s of repair;
                    // with half of a 1 s limit it ended infeasible); it only runs when the greedy start breaks a rule
                    timeLimit.multipliedBy(4).dividedBy(5),
                    seed);
            Result result = solve(problem, remaining(timeLimit, begin), seed, stopAtSoft, null, progress, started);
            ScheduleSolution best = result.best();
            HardSoftScore score = result.score();
            boolean searchFeasible = score != null && score.isFeasible();
            if (start.feasible() != null && (!searchFeasible || score.compareTo(start.score()) < 0)) {
                start.feasible().forEach(Post::assign);
                best = problem;
                score = score(problem);
                if (!start.greedy()) {
                    // the construction heuristic's run ended worse (on a loaded machine it may not even finish
                    // placing 50 items): the greedy placement it replaced was never descended, so descend it now
                    score = descend(problem, score);
                    problem.score = score;
                }
            }
            long firstFeasible = start.feasibleMillis() >= 0
                    ? start.feasibleMillis()
                    : result.firstFeasibleMillis() < 0 ? -1 : start.millis() + result.firstFeasibleMillis();
            UpperBound.Bound bound = bounding[0].finish();
            return new Run(best, score, bound, start, firstFeasible, (System.nanoTime() - begin) / 1_000_000);
        } catch (RuntimeException | Error e) {
            if (bounding[0] != null) {
                bounding[0].finish();
            }
            throw e;
        }
    }

    /**
     * What is left of the time limit since {@code beginNanos}, less a tenth kept for the polish after local search;
     * at least a tenth of the limit, so a slow start still leaves local search a moment.
     */
    public static Duration remaining(Duration timeLimit, long beginNanos) {
        long left = timeLimit.toMillis() * 9 / 10 - (System.nanoTime() - beginNanos) / 1_000_000;
        return Duration.ofMillis(Math.max(timeLimit.toMillis() / 10, left)); // the solver takes whole milliseconds
    }

    /**
     * Whether the placed posts keep the gap, the caps and the stagger (unplaced ones ignored), by sorting and counting:
     * scoring current times stacked on one minute with the constraint streams would enumerate every pair of them
     * (12.5 million at 5,000 items, seconds and gigabytes), where this needs one sort.
     */
    static boolean keepsHardRules(List<Post> posts) {
        Map<PlatformRules, List<Post>> byPlatform = new HashMap<>();
        Map<String, List<Post>> byContent = new HashMap<>();
        for (Post p : posts) {
            if (p.slot() != null) {
                if (p.movable()
                        && (p.slot().blackout() || p.minute() < p.earliestMinute() || p.minute() > p.latestMinute())) {
                    return false;
                }
                byPlatform
                        .computeIfAbsent(p.rules(), k -> new java.util.ArrayList<>())
                        .add(p);
                byContent
                        .computeIfAbsent(p.contentId(), k -> new java.util.ArrayList<>())
                        .add(p);
            }
        }
        for (Map.Entry<PlatformRules, List<Post>> e : byPlatform.entrySet()) {
            PlatformRules rules = e.getKey();
            List<Post> on = e.getValue();
            on.sort(java.util.Comparator.comparingLong(Post::minute));
            Map<Long, int[]> days = new HashMap<>();
            Map<Long, int[]> weeks = new HashMap<>();
            for (int i = 0; i < on.size(); i++) {
                Post p = on.get(i);
                // the nearest later post of another kind (movable or not) within the gap breaks it, if either moves
                for (int j = i + 1; j < on.size() && on.get(j).minute() - p.minute() < rules.minGapMinutes(); j++) {
                    if (p.movable() || on.get(j).movable()) {
                        return false;
                    }
                }
                int[] d = days.computeIfAbsent(p.slot().day(), k -> new int[2]);
                int[] w = weeks.computeIfAbsent(p.slot().week(), k -> new int[2]);
                d[0]++;
                w[0]++;
                if (p.movable()) {
                    d[1]++;
                    w[1]++;
                }
            }
            for (int[] d : days.values()) {
                if (d[0] > rules.maxPerDay() && d[1] > 0) {
                    return false;
                }
            }
            for (int[] w : weeks.values()) {
                if (w[0] > rules.maxPerWeek() && w[1] > 0) {
                    return false;
                }
            }
        }
        for (List<Post> same : byContent.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    Post a = same.get(i);
                    Post b = same.get(j);
                    if ((a.movable() || b.movable())
                            && !a.rules().equals(b.rules())
                            && Math.abs(a.minute() - b.minute()) < a.staggerMinutes()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The objective (soft score) of the placed posts as the constraints score it, pair by pair with the same
     * rounding, by a sweep over each platform's posts in time order: it never builds the pairs the constraint
     * streams would hold, which for current times stacked on one minute are every pair of posts.
     */
    public static long objective(List<Post> posts) {
        long total = 0;
        Map<PlatformRules, List<Post>> byPlatform = new HashMap<>();
        for (Post p : posts) {
            if (p.slot() != null) {
                if (p.movable()) {
                    total += p.value();
                }
                byPlatform
                        .computeIfAbsent(p.rules(), k -> new java.util.ArrayList<>())
                        .add(p);
            }
        }
        for (Map.Entry<PlatformRules, List<Post>> e : byPlatform.entrySet()) {
            int ideal = e.getKey().idealSpacingMinutes();
            List<Post> on = e.getValue();
            on.sort(java.util.Comparator.comparingLong(Post::minute));
            for (int i = 0; i < on.size(); i++) {
                Post a = on.get(i);
                for (int j = i + 1; j < on.size() && on.get(j).minute() - a.minute() < ideal; j++) {
                    Post b = on.get(j);
                    if (a.movable() || b.movable()) {
                        total -= ScheduleConstraints.fatigue(a, b);
                    }
                }
            }
        }
        return total;
    }

    private static Map<Post, TimeSlot> snapshot(ScheduleSolution solution) {
        Map<Post, TimeSlot> kept = new IdentityHashMap<>();
        solution.posts().forEach(p -> kept.put(p, p.slot()));
        return kept;
    }

    /** {@link SlotDescent} from a feasible schedule, kept only when the solver's score confirms it is better. */
    private HardSoftScore descend(ScheduleSolution solution, HardSoftScore before) {
        Map<Post, TimeSlot> kept = new HashMap<>();
        solution.posts().forEach(p -> kept.put(p, p.slot()));
        SlotDescent.improve(solution, DESCENT_PASSES);
        HardSoftScore after = score(solution);
        if (!after.isFeasible() || after.compareTo(before) < 0) {
            kept.forEach(Post::assign);
            return score(solution);
        }
        return after;
    }

    /** The score of a solution as it stands, without solving. */
    public HardSoftScore score(ScheduleSolution solution) {
        return scores.update(solution);
    }

    private static SolverConfig config(TerminationConfig termination, long seed) {
        return new SolverConfig()
                .withSolutionClass(ScheduleSolution.class)
                .withEntityClasses(Post.class)
                .withConstraintProviderClass(ScheduleConstraints.class)
                .withRandomSeed(seed)
                .withTerminationConfig(termination);
    }
}
