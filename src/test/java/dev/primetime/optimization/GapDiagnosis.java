package dev.primetime.optimization;

import dev.primetime.optimization.solver.PlatformRules;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleConstraints;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.UpperBound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a generated instance's gap lies (issue 19): the service's answer at its time limit and the bound it reported,
 * then the same plan searched much longer (best known), and the bound computed without a time limit. Per platform:
 * items, rules, the answer's engagement and fatigue.
 *
 * <p>Arguments: {@code limit_ms long_s sizes seeds} (e.g. {@code 5000 60 1000,5000 3}).
 */
public final class GapDiagnosis {
    private GapDiagnosis() {}

    public static void main(String[] args) {
        long limit = Long.parseLong(args[0]);
        long longSeconds = Long.parseLong(args[1]);
        int[] sizes =
                Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int seeds = Integer.parseInt(args[3]);
        ExecutorService boundThread = Executors.newSingleThreadExecutor();
        for (int n : sizes) {
            for (int seed = 0; seed < seeds; seed++) {
                GeneratedInstance instance = GeneratedInstance.generate(
                                seed, n, GeneratedInstance.Start.values()[seed % 3])
                        .withTimeLimit(Duration.ofMillis(limit));
                ScheduleProblem problem = instance.problem();
                if (!problem.conflicts.isEmpty()) {
                    System.out.println(instance.label() + " PROVEN");
                    continue;
                }
                problem.startFromCurrentTimes();
                ScheduleSolver solver = new ScheduleSolver();
                ScheduleSolver.Run run = solver.optimize(
                        problem.solution,
                        problem.granularityMinutes,
                        Duration.ofMillis(limit),
                        seed,
                        UpperBound.independent(problem.solution),
                        boundThread,
                        p -> {},
                        s -> {});
                double answer = run.score().softScore() / 1e6;
                System.out.printf(
                        "%s%n  answer %.3f  service bound %.3f (capacity %.3f, independent %.3f)  gap %.2f%%%n",
                        instance.label(),
                        answer,
                        run.bound().value() / 1e6,
                        run.bound().capacityOnly() / 1e6,
                        run.bound().independent() / 1e6,
                        OptimizationService.gapPct(
                                run.bound().value(), run.score().softScore()));
                platforms(run.best());
                long t0 = System.nanoTime();
                ScheduleSolver.Result longer = solver.solve(
                        run.best(), Duration.ofSeconds(longSeconds), seed + 1, Long.MAX_VALUE, null, p -> {}, s -> {});
                double known = Math.max(answer, longer.score().softScore() / 1e6);
                System.out.printf(
                        "  best known after %d s more: %.3f (+%.3f%%)%n",
                        (System.nanoTime() - t0) / 1_000_000_000, known, (known - answer) / answer * 100);
                t0 = System.nanoTime();
                UpperBound.Bound converged = UpperBound.of(
                        longer.best(),
                        problem.granularityMinutes,
                        longer.score().softScore(),
                        200_000_000_000L);
                System.out.printf(
                        "  converged bound %.3f (%d iterations, %d s): gap of the answer %.2f%%, of the best known"
                                + " %.2f%%%n",
                        converged.value() / 1e6,
                        converged.iterations(),
                        (System.nanoTime() - t0) / 1_000_000_000,
                        (converged.value() / 1e6 - answer) / (converged.value() / 1e6) * 100,
                        (converged.value() / 1e6 - known) / (converged.value() / 1e6) * 100);
                platforms(longer.best());
            }
        }
        boundThread.shutdownNow();
    }

    private static void platforms(ScheduleSolution solution) {
        Map<PlatformRules, List<Post>> by = new LinkedHashMap<>();
        for (Post p : solution.posts()) {
            by.computeIfAbsent(p.rules(), k -> new ArrayList<>()).add(p);
        }
        by.forEach((rules, posts) -> {
            long movable = posts.stream().filter(Post::movable).count();
            double engagement =
                    posts.stream().filter(Post::movable).mapToLong(Post::value).sum() / 1e6;
            double fatigue = (ScheduleSolver.objective(posts) / 1e6 - engagement) * -1;
            double slots = posts.stream()
                    .filter(Post::movable)
                    .mapToInt(p -> p.allowedSlots().size())
                    .average()
                    .orElse(0);
            System.out.printf(
                    "    %-10s items %4d (movable %4d, slots/item %.0f) gap %3d ideal %4d day %s week %s:"
                            + " engagement %.3f fatigue %.3f%n",
                    rules.platform().id(),
                    posts.size(),
                    movable,
                    slots,
                    rules.minGapMinutes(),
                    rules.idealSpacingMinutes(),
                    rules.maxPerDay() == Integer.MAX_VALUE ? "-" : rules.maxPerDay(),
                    rules.maxPerWeek() == Integer.MAX_VALUE ? "-" : rules.maxPerWeek(),
                    engagement,
                    fatigue);
        });
        System.out.printf("    fatigue rate %.2f per same-minute pair and unit weight%n", ScheduleConstraints.FATIGUE);
    }
}
