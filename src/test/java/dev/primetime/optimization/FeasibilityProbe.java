package dev.primetime.optimization;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Development probe: generated instances through the pipeline, one line each. */
public final class FeasibilityProbe {
    public static void main(String[] args) {
        int[] sizes = java.util.Arrays.stream(args[0].split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int seeds = Integer.parseInt(args[1]);
        long limit = Long.parseLong(args[2]);
        ExecutorService bound = Executors.newSingleThreadExecutor();
        for (int n : sizes) {
            for (int seed = 0; seed < seeds; seed++) {
                for (GeneratedInstance.Start start : GeneratedInstance.Start.values()) {
                    GeneratedInstance instance =
                            GeneratedInstance.generate(seed, n, start).withTimeLimit(Duration.ofMillis(limit));
                    long t0 = System.nanoTime();
                    Runs.Outcome o = Runs.run(instance, bound);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (o.proven()) {
                        System.out.printf("%s PROVEN %s%n", instance.label(), o.problem().conflicts);
                        continue;
                    }
                    List<String> broken = PlanCheck.violations(instance, o.times());
                    var r = o.run();
                    System.out.printf(
                            "%-60s %s feas_ms=%d start=%s rep=%b ms=%d obj=%.3f bound=%.3f %s%n",
                            instance.label(),
                            r.score().isFeasible() && broken.isEmpty() ? "OK " : "BAD",
                            r.firstFeasibleMillis(),
                            r.start().greedy() ? "greedy" : "CH",
                            r.start().repaired(),
                            ms,
                            r.score().softScore() / 1e6,
                            r.bound().value() / 1e6,
                            broken.isEmpty() ? "" : broken.subList(0, Math.min(3, broken.size())));
                }
            }
        }
        bound.shutdownNow();
    }
}
