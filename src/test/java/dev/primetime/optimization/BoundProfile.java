package dev.primetime.optimization;

import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.UpperBound;

/**
 * Where the bound's work goes on a generated instance's start (issue 19), at fixed work budgets (load-independent):
 * per platform, each relaxation's value against the plan's own objective there, its iterations and its CPU time.
 * Arguments: {@code items seed work[,work...]}.
 */
public final class BoundProfile {
    private BoundProfile() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int seed = Integer.parseInt(args[1]);
        GeneratedInstance instance = GeneratedInstance.generate(seed, n, GeneratedInstance.Start.values()[seed % 3]);
        ScheduleProblem problem = instance.problem();
        problem.startFromCurrentTimes();
        ScheduleSolver.Start start = new ScheduleSolver().start(problem.solution);
        System.out.printf("%s start %.3f%n", instance.label(), start.estimate() / 1e6);
        problem.solution.posts().stream()
                .map(dev.primetime.optimization.solver.Post::rules)
                .distinct()
                .forEach(r -> System.out.printf(
                        "  %-10s gap %d ideal %d day %s week %s%n",
                        r.platform().id(),
                        r.minGapMinutes(),
                        r.idealSpacingMinutes(),
                        r.maxPerDay() == Integer.MAX_VALUE ? "-" : r.maxPerDay(),
                        r.maxPerWeek() == Integer.MAX_VALUE ? "-" : r.maxPerWeek()));
        for (String w : args[2].split(",")) {
            long work = Long.parseLong(w);
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            UpperBound.Bound b = UpperBound.of(problem.solution, problem.granularityMinutes, start.estimate(), work);
            System.out.printf(
                    "work %.1e: bound %.3f gap %.2f%% iterations %d cpu %d ms wall %d ms%n",
                    (double) work,
                    b.value() / 1e6,
                    (b.value() - start.estimate()) * 100.0 / b.value(),
                    b.iterations(),
                    (cpu() - cpu0) / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000);
            for (UpperBound.Part p : b.parts()) {
                System.out.printf(
                        "  %-10s items %5d plan %9.3f bound %9.3f (%5.2f%%) cap %9.3f spacing %9.3f crowd %9.3f"
                                + " concave %9.3f it %5d wall %6d ms%n",
                        p.platform(),
                        p.items(),
                        p.target() / 1e6,
                        p.bound() / 1e6,
                        (p.bound() - p.target()) * 100 / p.bound(),
                        p.capacities() / 1e6,
                        p.spacing() / 1e6,
                        p.crowd() / 1e6,
                        p.concave() / 1e6,
                        p.iterations(),
                        p.nanos() / 1_000_000);
            }
        }
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
