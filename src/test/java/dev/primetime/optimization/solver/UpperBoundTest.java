package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.platform.Platform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The bound is a true upper bound: on small random problems solved exhaustively (every placement of every item in
 * its allowed slots, checked by {@link ScheduleCheck} and scored the way the constraints score), no feasible
 * placement beats it. The problems have tight caps, minimum gaps, windows, blackouts, stagger, fixed posts and
 * fatigue-heavy ideal spacing, so every part of the bound is exercised.
 */
class UpperBoundTest {
    private static final Instant START = Instant.parse("2026-03-07T18:00:00Z"); // Saturday: the week turns inside

    @Test
    void noFeasiblePlacementBeatsTheBoundOnSmallProblemsSolvedExhaustively() {
        int feasibleProblems = 0;
        int tightenedProblems = 0;
        for (int seed = 0; seed < 300; seed++) {
            Problem problem = random(new Random(seed));
            long optimum = optimum(problem.solution);
            if (optimum == Long.MIN_VALUE) {
                continue; // no feasible placement
            }
            feasibleProblems++;
            UpperBound.Bound bound = UpperBound.of(problem.solution, problem.granularity, optimum, 50_000_000L);
            assertThat(bound.value()).as("seed %d", seed).isGreaterThanOrEqualTo(optimum);
            assertThat(bound.capacityOnly()).as("seed %d", seed).isGreaterThanOrEqualTo(bound.value());
            assertThat(bound.independent()).as("seed %d", seed).isGreaterThanOrEqualTo(optimum);
            assertThat(UpperBound.independent(problem.solution)).isEqualTo(bound.independent());
            // stopped before it could take a step (no thread ever ran it): still a bound
            UpperBound.Bound cut = UpperBound.start(
                            problem.solution, problem.granularity, optimum, 50_000_000L, Duration.ZERO, task -> {})
                    .finish();
            assertThat(cut.value()).as("seed %d", seed).isGreaterThanOrEqualTo(optimum);
            if (bound.value() < bound.capacityOnly()) {
                tightenedProblems++;
            }
        }
        assertThat(feasibleProblems).isGreaterThan(100);
        // the spacing-and-fatigue part is not idle: it lowers the bound on many of them
        assertThat(tightenedProblems).isGreaterThan(feasibleProblems / 4);
    }

    @Test
    void onTheBenchProblemTheBoundStaysAboveWhatTheSolverReaches() {
        ScheduleSolver solver = new ScheduleSolver();
        ScheduleSolution problem = OptimizationBench.problem(200);
        solver.start(problem);
        ScheduleSolver.Result result =
                solver.solve(problem, Duration.ofMinutes(1), 0, Long.MAX_VALUE, 5_000L, p -> {}, s -> {});

        UpperBound.Bound bound = UpperBound.of(result.best(), 60, result.score().softScore(), 50_000_000L);

        assertThat(bound.value()).isGreaterThanOrEqualTo(result.score().softScore());
        assertThat(bound.value()).isLessThan(bound.capacityOnly());
    }

    /** Computed alongside a solve, as the service does, the bound still holds for what the solve reaches. */
    @Test
    void aBoundComputedWhileTheSolverRunsHoldsForWhatItReaches() throws Exception {
        ScheduleSolver solver = new ScheduleSolver();
        ScheduleSolution problem = OptimizationBench.problem(200);
        solver.start(problem);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            UpperBound.Running running = UpperBound.start(
                    problem, 60, solver.score(problem).softScore(), 50_000_000L, Duration.ofSeconds(10), thread);
            ScheduleSolver.Result result =
                    solver.solve(problem, Duration.ofMinutes(1), 0, Long.MAX_VALUE, 5_000L, p -> {}, s -> {});
            UpperBound.Bound bound = running.finish();

            assertThat(bound.value()).isGreaterThanOrEqualTo(result.score().softScore());
            assertThat(bound.value()).isLessThanOrEqualTo(bound.independent());
        } finally {
            thread.shutdownNow();
        }
    }

    private record Problem(ScheduleSolution solution, int granularity) {}

    /**
     * The same with an ideal spacing beyond {@code MAX_PAIRED_REACH} grid steps, where the spacing bound charges the
     * earlier post of a pair the platform's lightest weight instead of its own.
     */
    @Test
    void aLongIdealSpacingStillGivesATrueBound() {
        int feasibleProblems = 0;
        for (int seed = 0; seed < 200; seed++) {
            Problem problem = random(new Random(seed), true);
            long optimum = optimum(problem.solution);
            if (optimum == Long.MIN_VALUE) {
                continue;
            }
            feasibleProblems++;
            UpperBound.Bound bound = UpperBound.of(problem.solution, problem.granularity, optimum, 50_000_000L);
            assertThat(bound.value()).as("seed %d", seed).isGreaterThanOrEqualTo(optimum);
            assertThat(bound.capacityOnly()).as("seed %d", seed).isGreaterThanOrEqualTo(bound.value());
        }
        assertThat(feasibleProblems).isGreaterThan(60);
    }

    private static Problem random(Random random) {
        return random(random, false);
    }

    private static Problem random(Random random, boolean longReach) {
        int granularity = random.nextBoolean() ? 60 : 30;
        int slotCount = 6 + random.nextInt(4);
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            Instant t = START.plus(Duration.ofMinutes((long) granularity * i * 2)); // 2 grid steps per slot apart
            slots.add(new TimeSlot(i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), random.nextInt(8) == 0));
        }
        // keep the grid uniform: TimeSlot minutes are what spacing uses, the step is 2 × granularity
        int step = granularity * 2;
        List<PlatformRules> rules = new ArrayList<>();
        for (Platform p : List.of(Platform.YOUTUBE, Platform.TIKTOK)) {
            int minGap = random.nextInt(3) == 0 ? 0 : step * (1 + random.nextInt(2));
            int ideal = longReach ? step * 40 : Math.max(minGap, step * (1 + random.nextInt(4)));
            rules.add(new PlatformRules(p, minGap, 1 + random.nextInt(3), 2 + random.nextInt(3), ideal));
        }
        int items = 3 + random.nextInt(3);
        List<Post> posts = new ArrayList<>();
        int stagger = random.nextBoolean() ? 0 : step;
        for (int k = 0; k < items; k++) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            double weight = 0.5 + random.nextInt(101) / 100.0;
            long[] values = new long[slotCount];
            for (int s = 0; s < slotCount; s++) {
                values[s] = Math.round((0.2 + random.nextDouble()) * weight * ScheduleConstraints.SCALE);
            }
            long earliest = Long.MIN_VALUE;
            long latest = Long.MAX_VALUE;
            if (random.nextInt(3) == 0) {
                int from = random.nextInt(slotCount - 2);
                earliest = slots.get(from).minute();
                latest = slots.get(from + 2 + random.nextInt(slotCount - from - 2))
                        .minute();
            }
            List<TimeSlot> allowed = new ArrayList<>();
            for (TimeSlot s : slots) {
                if (!s.blackout() && s.minute() >= earliest && s.minute() <= latest) {
                    allowed.add(s);
                }
            }
            posts.add(new Post(
                    "item-" + k,
                    "content-" + (k / 2),
                    r,
                    stagger,
                    weight,
                    earliest,
                    latest,
                    values,
                    false,
                    allowed,
                    null));
        }
        if (random.nextBoolean()) {
            PlatformRules r = rules.get(random.nextInt(rules.size()));
            TimeSlot at = TimeSlot.offGrid(
                    slots.get(random.nextInt(slotCount)).start().plus(Duration.ofMinutes(granularity)),
                    slots.get(0).day(),
                    false,
                    0);
            at = TimeSlot.offGrid(
                    at.start(), LocalDate.ofInstant(at.start(), ZoneOffset.UTC).toEpochDay(), false, 0);
            // up to three fixed posts at once: with a cap of one or two a day, fixed posts alone may exceed it
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                posts.add(new Post(
                        "fixed-" + c,
                        "content-fixed",
                        r,
                        stagger,
                        1.0,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        new long[0],
                        true,
                        List.of(at),
                        at));
            }
        }
        return new Problem(new ScheduleSolution(slots, rules, posts), step);
    }

    /** The best objective over every placement that breaks no hard rule, or Long.MIN_VALUE when none does. */
    private static long optimum(ScheduleSolution solution) {
        List<Post> movable = solution.posts().stream().filter(Post::movable).toList();
        return search(solution.posts(), movable, 0);
    }

    private static long search(List<Post> all, List<Post> movable, int next) {
        if (next == movable.size()) {
            if (!ScheduleCheck.violations(all).isEmpty()) {
                return Long.MIN_VALUE;
            }
            return objective(all);
        }
        long best = Long.MIN_VALUE;
        Post p = movable.get(next);
        for (TimeSlot slot : p.allowedSlots()) {
            p.assign(slot);
            best = Math.max(best, search(all, movable, next + 1));
        }
        p.assign(null);
        return best;
    }

    /** Engagement of the movable posts less fatigue of same-platform pairs, as {@link ScheduleConstraints} scores. */
    private static long objective(List<Post> posts) {
        long total = 0;
        for (int i = 0; i < posts.size(); i++) {
            Post a = posts.get(i);
            if (a.movable()) {
                total += a.value();
            }
            for (int j = i + 1; j < posts.size(); j++) {
                Post b = posts.get(j);
                if (a.rules().equals(b.rules())
                        && (a.movable() || b.movable())
                        && Math.abs(a.minute() - b.minute()) < a.rules().idealSpacingMinutes()) {
                    total -= ScheduleConstraints.fatigue(a, b);
                }
            }
        }
        return total;
    }
}
