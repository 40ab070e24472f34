package dev.primetime.optimization;

import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.UpperBound;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The bound alone on a generated instance's start, within a budget: {@code items seed budget_ms}. */
public final class BoundProbe {
    private BoundProbe() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int seed = Integer.parseInt(args[1]);
        long budget = Long.parseLong(args[2]);
        GeneratedInstance instance = GeneratedInstance.generate(seed, n, GeneratedInstance.Start.values()[seed % 3]);
        ScheduleProblem problem = instance.problem();
        problem.startFromCurrentTimes();
        ScheduleSolver solver = new ScheduleSolver();
        ScheduleSolver.Start start = solver.start(problem.solution);
        long t0 = System.nanoTime();
        if (args.length > 3) {
            UpperBound.Bound b = UpperBound.of(
                    problem.solution, problem.granularityMinutes, start.estimate(), Long.parseLong(args[3]));
            System.out.printf(
                    "%s start %.3f bound %.3f capacity %.3f iterations %d in %d ms (work %s)%n",
                    instance.label(),
                    start.estimate() / 1e6,
                    b.value() / 1e6,
                    b.capacityOnly() / 1e6,
                    b.iterations(),
                    (System.nanoTime() - t0) / 1_000_000,
                    args[3]);
            return;
        }
        var exec = Executors.newSingleThreadExecutor();
        UpperBound.Running running = UpperBound.start(
                problem.solution,
                problem.granularityMinutes,
                start.estimate(),
                ScheduleSolver.BOUND_WORK,
                Duration.ofMillis(budget),
                exec);
        try {
            Thread.sleep(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        UpperBound.Bound bound = running.finish();
        System.out.printf(
                "%s start %.3f bound %.3f capacity %.3f iterations %d in %d ms%n",
                instance.label(),
                start.estimate() / 1e6,
                bound.value() / 1e6,
                bound.capacityOnly() / 1e6,
                bound.iterations(),
                (System.nanoTime() - t0) / 1_000_000);
        exec.shutdownNow();
    }
}
