package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.HardSoftScore;
import dev.primetime.platform.Platform;
import java.util.List;
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

    /**
     * Both hours taken and no third one allowed: no post can move alone, but the heavier item belongs in the better
     * hour, so the two trade places.
     */
    @Test
    void twoPostsOfAPackedPlatformTradeSlotsWhenThatGains() {
        PlatformRules rules = new PlatformRules(Platform.of("youtube"), 60, 5, 10, 60);
        TimeSlot good = GreedyStartTest.slot(0, 10);
        TimeSlot poor = GreedyStartTest.slot(1, 12);
        List<TimeSlot> slots = List.of(good, poor);
        Post heavy =
                GreedyStartTest.post("heavy", rules, new long[] {2000, 1000}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        Post light =
                GreedyStartTest.post("light", rules, new long[] {1000, 500}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        heavy.assign(poor);
        light.assign(good);
        ScheduleSolution solution = new ScheduleSolution(slots, List.of(rules), List.of(heavy, light));

        int steps = SlotDescent.improve(solution, 50);

        assertThat(steps).isEqualTo(1);
        assertThat(heavy.slot()).isSameAs(good);
        assertThat(light.slot()).isSameAs(poor);
    }

    @Test
    void aSecondDescentFromItsOwnResultFindsNothingToMove() {
        ScheduleSolution solution = OptimizationBench.problem(200);
        GreedyBaseline.place(solution);
        SlotDescent.improve(solution, 50);

        assertThat(SlotDescent.improve(solution, 50)).isZero();
    }
}
