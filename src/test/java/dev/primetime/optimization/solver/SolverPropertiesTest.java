package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the problem's size and the solver's seed, the solver's score and an independent check (ScheduleCheck,
 * not the constraint streams) agree on whether a schedule breaks a constraint, so a schedule the service stores
 * (only feasible ones) breaks none; every post sits in one of its allowed slots.
 */
class SolverPropertiesTest {
    private final ScheduleSolver solver = new ScheduleSolver();

    @Property(tries = 20)
    void optimizedSchedulesNeverViolateAConstraint(
            @ForAll @IntRange(min = 6, max = 150) int items, @ForAll @LongRange(min = 0, max = 1_000) long seed) {
        ScheduleSolution problem = OptimizationBench.problem(items);
        // as the service starts: the greedy start, or (small problems) Timefold's construction heuristic, whose
        // evaluations (at most 25,000) count against the move limit
        solver.start(problem);

        ScheduleSolver.Result result =
                solver.solve(problem, Duration.ofMinutes(1), seed, Long.MAX_VALUE, 40_000L, p -> {}, s -> {});

        assertThat(result.score().isFeasible())
                .as("%d items, seed %d: %s", items, seed, result.score())
                .isTrue();
        assertThat(ScheduleCheck.violations(result.best().posts())).isEmpty();
        assertThat(result.best().posts()).allSatisfy(post -> {
            assertThat(post.slot()).isNotNull();
            assertThat(post.allowedSlots()).contains(post.slot());
        });
    }
}
