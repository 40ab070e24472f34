package dev.primetime.optimization.solver;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.impl.solver.DefaultSolver;
import java.time.Duration;

/**
 * Timefold's move evaluation speed alone (no bound thread beside it), from the greedy start, on the bench's synthetic
 * problem: {@code bench/optimization/run.sh speed [seconds] [sizes]}. What the constraint streams cost per move.
 */
public final class MoveSpeedBench {
    private MoveSpeedBench() {}

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        String[] sizes = (args.length > 1 ? args[1] : "50,200,1000,5000").split(",");
        System.out.printf("%6s %8s %12s %12s %10s%n", "items", "seconds", "moves", "moves_per_s", "steps");
        for (String size : sizes) {
            int n = Integer.parseInt(size);
            ScheduleSolver solver = new ScheduleSolver();
            ScheduleSolution problem = OptimizationBench.problem(n);
            ScheduleSolver.Start start = solver.start(problem);
            if (!start.greedy()) {
                GreedyStart.place(problem); // small problems: local search from the greedy start all the same
            }
            Solver<ScheduleSolution>[] running = new Solver[1];
            solver.solve(problem, Duration.ofSeconds(seconds), 0, Long.MAX_VALUE, null, p -> {}, s -> running[0] = s);
            DefaultSolver<ScheduleSolution> used = (DefaultSolver<ScheduleSolution>) running[0];
            System.out.printf(
                    "%6d %8d %12d %12d%n", n, seconds, used.getMoveEvaluationCount(), used.getMoveEvaluationSpeed());
        }
    }
}
