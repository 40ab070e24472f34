package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sort-and-count checks that stand in for the constraint streams where those would enumerate every pair of
 * stacked posts agree with them: {@link ScheduleSolver#objective} with the soft score, {@link
 * ScheduleSolver#keepsHardRules} with {@link ScheduleCheck} and the hard score, on random placements (most of them
 * breaking rules) of small random problems and of the bench's problem.
 */
class DirectChecksTest {
    private final ScheduleSolver solver = new ScheduleSolver();

    @Test
    void theSweepsAgreeWithTheScoreOnRandomPlacements() {
        int broken = 0;
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            ScheduleSolution solution = seed % 3 == 0
                    ? OptimizationBench.problem(30 + seed % 50)
                    : SmallProblems.random(random).solution();
            for (Post p : solution.posts()) {
                List<TimeSlot> allowed = p.allowedSlots();
                if (p.movable() && !allowed.isEmpty()) {
                    // stack a third of them on their first slot, the rest at random
                    p.assign(random.nextInt(3) == 0 ? allowed.getFirst() : allowed.get(random.nextInt(allowed.size())));
                }
            }
            if (solution.posts().stream().anyMatch(p -> p.slot() == null)) {
                continue;
            }
            var score = solver.score(solution);
            assertThat(ScheduleSolver.objective(solution.posts()))
                    .as("seed %d", seed)
                    .isEqualTo(score.softScore());
            boolean keeps = ScheduleSolver.keepsHardRules(solution.posts());
            assertThat(keeps).as("seed %d", seed).isEqualTo(score.isFeasible());
            assertThat(keeps)
                    .isEqualTo(ScheduleCheck.violations(solution.posts()).isEmpty());
            if (!keeps) {
                broken++;
            }
        }
        assertThat(broken).isGreaterThan(50);
    }
}
