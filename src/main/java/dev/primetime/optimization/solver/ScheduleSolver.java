package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Timefold configured in Java: construction heuristic then local search (the solver's defaults), stopped by the
 * time limit or as soon as the score reaches a proven bound. The same problem, seed and number of steps give the
 * same answer (the solver's reproducible mode); under a time limit the machine's speed decides how far it gets.
 */
public final class ScheduleSolver {
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
        return new Result(best, score, firstFeasible[0]);
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
