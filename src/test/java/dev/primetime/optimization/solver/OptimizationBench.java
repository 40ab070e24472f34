package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.PostBuilder.aPost;

import dev.primetime.platform.Platform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Prints solver figures for 50, 200, 1,000 and 5,000 items over 14 days, 6 platforms, hourly slots (run through
 * bench/optimization/run.sh). Curves are synthetic (a daily peak per platform, weekday lift) so the bench needs no
 * database; constraints scale with the load so every size is feasible but binding.
 */
public final class OptimizationBench {
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final int DAYS = 14;

    public static void main(String[] args) {
        long limitMs = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        int[] sizes = args.length > 1
                ? java.util.Arrays.stream(args[1].split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {50, 200, 1000, 5000};
        System.out.printf(
                "%6s %8s %8s %11s %9s %12s %12s %12s %7s %12s %12s %8s %8s %7s %11s %9s %12s%n",
                "items",
                "limit_ms",
                "start_ms",
                "feasible_ms",
                "total_ms",
                "objective",
                "upper_bound",
                "independent",
                "gap_%",
                "greedy",
                "start_obj",
                "bound_it",
                "bound_wt",
                "start",
                "engagement",
                "fatigue",
                "full_bound");
        ExecutorService boundThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-bound");
            t.setDaemon(true);
            return t;
        });
        // Warm-up, not printed: a running service has compiled the solver, the start and the bound long before a
        // request; a fresh JVM compiles them during the first sizes, which then get fewer bound iterations.
        if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
            java.io.PrintStream out = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                run(50, 2000, boundThread); // the construction heuristic's path
                run(200, 2000, boundThread); // the greedy start's path
            } finally {
                System.setOut(out);
            }
        }
        for (int n : sizes) {
            run(n, limitMs, boundThread);
        }
        boundThread.shutdownNow();
    }

    /**
     * One size, as the service runs it: start (greedy and descent), then the solve with the bound computed alongside
     * on another thread, stopped when the solve ends. {@code total_ms} is start to bound in hand, what a caller waits
     * beyond building the problem; {@code feasible_ms} counts the start's time too. {@code -Dbound.full=true} also
     * computes the bound after the solve without a time limit (the old way), to show what the time limit costs.
     */
    private static void run(int n, long limitMs, ExecutorService boundThread) {
        ScheduleSolver solver = new ScheduleSolver();
        ScheduleSolution greedyProblem = problem(n);
        GreedyBaseline.place(greedyProblem);
        long greedy = solver.score(greedyProblem).softScore();
        boolean greedyFeasible = solver.score(greedyProblem).isFeasible();

        ScheduleSolution problem = problem(n);
        long begin = System.nanoTime();
        UpperBound.Running[] running = {null};
        // the service's starting point, as in production; the bound starts on its thread once the greedy has placed
        ScheduleSolver.Start start = solver.start(
                problem,
                estimate -> running[0] = UpperBound.start(
                        problem,
                        60,
                        estimate,
                        Long.getLong("bound.work", 10_000_000_000L),
                        Duration.ofMillis(limitMs * 9 / 10 - (System.nanoTime() - begin) / 1_000_000),
                        boundThread),
                Duration.ofMillis(limitMs / 2),
                0);
        long startMs = (System.nanoTime() - begin) / 1_000_000;
        Duration left = Duration.ofMillis(Math.max(limitMs / 10, limitMs * 9 / 10 - startMs)); // as the service does
        ai.timefold.solver.core.api.score.HardSoftScore startScore = solver.score(problem);
        long independent = UpperBound.independent(problem);
        UpperBound.Running bounding = running[0];
        ScheduleSolver.Result result = solver.solve(problem, left, 0, independent, null, p -> {}, s -> {});
        long waitStart = System.nanoTime();
        UpperBound.Bound bound = bounding.finish();
        long waitMs = (System.nanoTime() - waitStart) / 1_000_000;
        long totalMs = (System.nanoTime() - begin) / 1_000_000;
        long objective = result.score().softScore();
        String full = "";
        if (Boolean.getBoolean("bound.full")) {
            UpperBound.Bound unlimited =
                    UpperBound.of(result.best(), 60, objective, Long.getLong("bound.work", 10_000_000_000L));
            full = String.format("%.3f (%.3f%%)", scaled(unlimited.value()), gap(unlimited.value(), objective));
        }
        List<ScheduleCheck.Violation> violations =
                ScheduleCheck.violations(result.best().posts());
        boolean feasible = result.score().isFeasible() && violations.isEmpty();
        System.out.printf(
                "%6d %8d %8d %11s %9d %12.3f %12.3f %12.3f %7.3f %12.3f%s %12.3f%s %8d %8d %7s %11.3f %9.3f %12s%s%n",
                n,
                limitMs,
                startMs,
                start.feasibleMillis() >= 0
                        ? String.valueOf(start.feasibleMillis())
                        : result.firstFeasibleMillis() < 0
                                ? "none"
                                : String.valueOf(startMs + result.firstFeasibleMillis()),
                totalMs,
                scaled(objective),
                scaled(bound.value()),
                scaled(independent),
                gap(bound.value(), objective),
                scaled(greedy),
                greedyFeasible ? "" : "*",
                scaled(start.estimate()),
                start.greedy() && !startScore.isFeasible() ? "*" : "",
                bound.iterations(),
                waitMs,
                start.greedy() ? "greedy" : "CH",
                scaled(engagement(result.best())),
                scaled(fatigue(result.best())),
                full,
                feasible ? "" : "  INFEASIBLE " + result.score() + " " + broken(violations));
    }

    /** The broken rules by name, with how many violations each. */
    private static Map<String, Long> broken(List<ScheduleCheck.Violation> violations) {
        return violations.stream()
                .collect(Collectors.groupingBy(
                        ScheduleCheck.Violation::constraint, TreeMap::new, Collectors.counting()));
    }

    /**
     * The objective's two parts: expected engagement (what the upper bound bounds) and audience fatigue (which it
     * leaves out, so it counts fully in the gap).
     */
    private static long engagement(ScheduleSolution solution) {
        return solution.posts().stream()
                .filter(Post::movable)
                .mapToLong(Post::value)
                .sum();
    }

    private static long fatigue(ScheduleSolution solution) {
        List<Post> posts = solution.posts();
        long total = 0;
        for (int i = 0; i < posts.size(); i++) {
            for (int j = i + 1; j < posts.size(); j++) {
                Post a = posts.get(i);
                Post b = posts.get(j);
                if (a.slot() != null
                        && b.slot() != null
                        && a.rules().equals(b.rules())
                        && (a.movable() || b.movable())
                        && Math.abs(a.minute() - b.minute()) < a.rules().idealSpacingMinutes()) {
                    total += ScheduleConstraints.fatigue(a, b);
                }
            }
        }
        return total;
    }

    private static double gap(long bound, long value) {
        return (bound - value) * 100.0 / bound;
    }

    private static double scaled(long units) {
        return (double) units / ScheduleConstraints.SCALE;
    }

    /** A deterministic synthetic schedule of {@code n} items. */
    static ScheduleSolution problem(int n) {
        Random random = new Random(42 + n);
        Platform[] platforms = dev.primetime.support.SeedPlatforms.SIX.toArray(Platform[]::new);
        int perPlatform = (n + platforms.length - 1) / platforms.length;
        int slotsCount = DAYS * 24;
        int gap = perPlatform * 2 <= slotsCount ? 60 : 0;
        int maxPerDay = (int) Math.ceil(1.3 * perPlatform / DAYS);
        int maxPerWeek = (int) Math.ceil(1.2 * perPlatform / 2.0);
        List<PlatformRules> rules = new ArrayList<>();
        for (Platform p : platforms) {
            rules.add(new PlatformRules(p, gap, maxPerDay, maxPerWeek, Math.max(gap, 10_080 / maxPerWeek)));
        }
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < slotsCount; i++) {
            Instant t = MONDAY.plus(Duration.ofHours(i));
            int localHour = i % 24;
            boolean night = localHour < 6; // a blackout 00:00–06:00 every day
            slots.add(new TimeSlot(i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), night));
        }
        List<Post> posts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int pi = k % platforms.length;
            PlatformRules r = rules.get(pi);
            double weight = 0.5 + random.nextInt(101) / 100.0;
            long[] values = new long[slotsCount];
            int peak = 9 + pi * 2;
            for (TimeSlot s : slots) {
                int h = s.index() % 24;
                int dow = s.index() / 24 % 7;
                double daily = Math.exp(-Math.pow(h - peak, 2) / 18.0);
                double curve = (0.25 + 0.75 * daily) * (dow < 5 ? 1.0 : 0.8);
                values[s.index()] = Math.round(curve * weight * ScheduleConstraints.SCALE);
            }
            long earliest = Long.MIN_VALUE;
            long latest = Long.MAX_VALUE;
            if (random.nextInt(4) == 0) {
                int from = random.nextInt(DAYS - 3) * 24;
                earliest = slots.get(from).minute();
                latest = slots.get(from + 72).minute();
            }
            List<TimeSlot> allowed = new ArrayList<>();
            for (TimeSlot s : slots) {
                if (!s.blackout() && s.minute() >= earliest && s.minute() <= latest) {
                    allowed.add(s);
                }
            }
            posts.add(aPost("item-" + k)
                    .forContent("content-" + (k / 2))
                    .on(r)
                    .weighing(weight)
                    .within(earliest, latest)
                    .worth(values)
                    .allowedAt(allowed)
                    .build());
        }
        return new ScheduleSolution(slots, rules, posts);
    }
}
