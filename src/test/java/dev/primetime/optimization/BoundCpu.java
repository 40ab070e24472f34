package dev.primetime.optimization;

import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.UpperBound;
import java.lang.management.ManagementFactory;

/**
 * The bound at a fixed work on generated instances' starts, with the CPU time it took (issue 19; load-independent but
 * for the CPU time's share of a busy machine's caches): {@code items seeds work}. Prints the start's objective, the
 * bound, the gap between them and the bound thread's CPU milliseconds, one line per seed.
 */
public final class BoundCpu {
    private BoundCpu() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int seeds = Integer.parseInt(args[1]);
        long work = Long.parseLong(args[2]);
        for (int seed = 0; seed < seeds; seed++) {
            GeneratedInstance instance =
                    GeneratedInstance.generate(seed, n, GeneratedInstance.Start.values()[seed % 3]);
            ScheduleProblem problem = instance.problem();
            problem.startFromCurrentTimes();
            ScheduleSolver.Start start = new ScheduleSolver().start(problem.solution);
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            UpperBound.Bound b = UpperBound.of(problem.solution, problem.granularityMinutes, start.estimate(), work);
            long cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            System.out.printf(
                    "items %d seed %d work %.0e: start %.3f bound %.3f gap %.2f%% iterations %d cpu %d ms%n",
                    n,
                    seed,
                    (double) work,
                    start.estimate() / 1e6,
                    b.value() / 1e6,
                    (b.value() - start.estimate()) * 100.0 / b.value(),
                    b.iterations(),
                    cpu);
        }
    }
}
