package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.HardSoftScore;
import org.junit.jupiter.api.Test;

class SlotDescentTest {
    private final ScheduleSolver solver = new ScheduleSolver();

    @Test
    void improvesAFeasibleGreedyScheduleWithoutBreakingAnyRule() {
        ScheduleSolution solution = OptimizationBench.problem(200);
        GreedyBaseline.place(solution);
        HardSoftScore greedy = solver.score(solution);
        assertThat(greedy.isFeasible()).isTrue();

        int moves = SlotDescent.improve(solution, 50);

        HardSoftScore after = solver.score(solution);
        assertThat(moves).isPositive();
        assertThat(after.isFeasible()).isTrue();
        assertThat(after.softScore()).isGreaterThan(greedy.softScore());
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
    }

    @Test
    void aSecondDescentFromItsOwnResultFindsNothingToMove() {
        ScheduleSolution solution = OptimizationBench.problem(200);
        GreedyBaseline.place(solution);
        SlotDescent.improve(solution, 50);

        assertThat(SlotDescent.improve(solution, 50)).isZero();
    }
}
