package dev.primetime.optimization;

import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.UpperBound;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/** Runs a generated instance through the service's own steps (problem, proof checks, start, search, bound), no HTTP. */
final class Runs {
    private Runs() {}

    /** A run's end: the proven conflicts (nothing solved then), or the solver's run. */
    record Outcome(ScheduleProblem problem, ScheduleSolver.Run run) {
        boolean proven() {
            return !problem.conflicts.isEmpty();
        }

        Map<UUID, Instant> times() {
            return times(run.best());
        }

        static Map<UUID, Instant> times(ScheduleSolution solution) {
            Map<UUID, Instant> times = new HashMap<>();
            for (Post p : solution.posts()) {
                if (p.slot() != null) {
                    times.put(UUID.fromString(p.id()), p.slot().start());
                }
            }
            return times;
        }
    }

    static Outcome run(GeneratedInstance instance, Executor boundThread) {
        ScheduleProblem problem = instance.problem();
        if (!problem.conflicts.isEmpty()) {
            return new Outcome(problem, null);
        }
        problem.startFromCurrentTimes();
        ScheduleSolver solver = new ScheduleSolver();
        ScheduleSolver.Run run = solver.optimize(
                problem.solution,
                problem.granularityMinutes,
                instance.settings().timeLimit(),
                instance.settings().seed(),
                UpperBound.independent(problem.solution),
                boundThread,
                p -> {},
                s -> {});
        return new Outcome(problem, run);
    }
}
