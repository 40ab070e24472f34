package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Timefold configured in Java: construction heuristic (when {@link #start} left posts open) then local search,
 * stopped by the time limit or as soon as the score reaches a proven bound, then a deterministic {@link SlotDescent}
 * polish of the best solution. The same problem, seed and number of steps give the
 * same answer (the solver's reproducible mode); under a time limit the machine's speed decides how far it gets.
 */
public final class ScheduleSolver {
    /** Most open posts handed to the construction heuristic when the greedy start is infeasible. */
    static final int CONSTRUCTION_HEURISTIC_MAX_POSTS = 1000;
    /**
     * Up to this many (open post, allowed slot) pairs Timefold's construction heuristic builds the start even when the
     * greedy one is feasible: it prices every placement with the full score and takes about 0.3 s at 50 bench items
     * (~11,000 pairs), where it led local search to 50.52 against 50.26 from the greedy start (the greedy, pricing
     * fatigue as it goes, spreads the first posts and leaves the best days to the last); at 200 items (~39,000) the
     * two ended level and it takes 0.7 s; at 1,000 it does not finish in 5 s.
     */
    static final long CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS = 25_000;
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
     * Builds the starting schedule: {@link GreedyStart} places the unassigned movable posts keeping every hard rule
     * it can (ejecting one post where a post finds every slot blocked), so local search starts complete and feasible
     * at once; then {@link SlotDescent} improves it. Posts already placed (at their current times) stay where they
     * are unless that leaves the greedy no feasible answer, in which case it places every movable post afresh.
     *
     * <p>Small problems (see {@link #CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS}) go to Timefold's construction heuristic
     * instead. When the greedy breaks a hard rule, up to {@link #CONSTRUCTION_HEURISTIC_MAX_POSTS} open posts are left
     * unassigned for Timefold's construction heuristic (local search from an infeasible start spends its time
     * repairing); above it the greedy placement is kept, since the construction heuristic does not finish thousands
     * of posts in seconds.
     *
     * @return whether the greedy placement was kept, and how long it took
     */
    public Start start(ScheduleSolution solution) {
        return start(solution, estimate -> {});
    }

    /**
     * {@link #start(ScheduleSolution)}, calling {@code placed} with the greedy estimate as soon as the placement
     * local search will start from is known apart from the descent (so a bound computed alongside can start before
     * the descent runs; the descent only moves posts, it neither adds nor removes them).
     */
    public Start start(ScheduleSolution solution, LongConsumer placed) {
        long begin = System.nanoTime(); // durations only
        Map<Post, TimeSlot> given = new HashMap<>();
        solution.posts().forEach(p -> given.put(p, p.slot()));
        List<Post> open = solution.posts().stream()
                .filter(p -> p.movable() && p.slot() == null)
                .toList();
        GreedyStart.place(solution);
        HardSoftScore greedy = score(solution);
        if (!greedy.isFeasible()
                && open.size() < solution.posts().stream().filter(Post::movable).count()) {
            solution.posts().stream().filter(Post::movable).forEach(p -> p.assign(null));
            GreedyStart.place(solution);
            greedy = score(solution);
        }
        long evaluations = open.stream().mapToLong(p -> p.allowedSlots().size()).sum();
        if (greedy.isFeasible() && evaluations > CONSTRUCTION_HEURISTIC_MAX_EVALUATIONS) {
            long feasible = (System.nanoTime() - begin) / 1_000_000;
            placed.accept(greedy.softScore());
            HardSoftScore descended = descend(solution, greedy);
            return new Start(true, feasible, (System.nanoTime() - begin) / 1_000_000, descended.softScore());
        }
        if (!greedy.isFeasible() && open.size() > CONSTRUCTION_HEURISTIC_MAX_POSTS) {
            placed.accept(greedy.softScore());
            return new Start(true, -1, (System.nanoTime() - begin) / 1_000_000, greedy.softScore());
        }
        given.forEach(Post::assign);
        placed.accept(greedy.softScore());
        return new Start(false, -1, (System.nanoTime() - begin) / 1_000_000, greedy.softScore());
    }

    /**
     * How {@link #start} went.
     *
     * @param greedy whether local search starts from the greedy placement (else the construction heuristic builds it)
     * @param feasibleMillis time until the start was complete and broke no hard rule, before the descent; -1 if not
     * @param millis time the whole start took, descent included
     * @param estimate the greedy placement's soft score, feasible or not: an estimate of the objective (it sizes the
     *     bound's steps)
     */
    public record Start(boolean greedy, long feasibleMillis, long millis, long estimate) {}

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
