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

    /**
     * Two posts the minimum gap apart: the first gains only in the slot its neighbour's gap covers, and the neighbour
     * loses a little by stepping aside. No single move gains (the first is blocked, the second would lose) and a swap
     * does not help, but shifting both together does.
     */
    @Test
    void postsOfAPackedPlatformShiftTogetherWhenOnlyTheChainGains() {
        PlatformRules rules = new PlatformRules(Platform.of("youtube"), 120, 5, 10, 120);
        List<TimeSlot> slots = List.of(
                GreedyStartTest.slot(0, 10),
                GreedyStartTest.slot(1, 11),
                GreedyStartTest.slot(2, 12),
                GreedyStartTest.slot(3, 13));
        Post first = GreedyStartTest.post(
                "first", rules, new long[] {1000, 1500, 0, 0}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        Post second = GreedyStartTest.post(
                "second", rules, new long[] {0, 0, 1000, 900}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        first.assign(slots.get(0));
        second.assign(slots.get(2));
        ScheduleSolution solution = new ScheduleSolution(slots, List.of(rules), List.of(first, second));

        int steps = SlotDescent.improve(solution, 50);

        assertThat(steps).isPositive();
        assertThat(first.slot()).isSameAs(slots.get(1));
        assertThat(second.slot()).isSameAs(slots.get(3));
        assertThat(solver.score(solution)).isEqualTo(HardSoftScore.of(0, 2400));
    }

    /**
     * Re-timing a platform's posts together would put both on the better day, over its cap of one post: that result
     * is dropped, and each post keeping its day leaves nothing to gain.
     */
    @Test
    void reTimingAPlatformTogetherNeverBreaksADailyCap() {
        PlatformRules rules = new PlatformRules(Platform.of("youtube"), 60, 1, 10, 60);
        List<TimeSlot> slots =
                List.of(GreedyStartTest.slot(0, 10), GreedyStartTest.slot(1, 13), GreedyStartTest.slot(2, 34));
        Post early =
                GreedyStartTest.post("early", rules, new long[] {1000, 0, 0}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        Post late =
                GreedyStartTest.post("late", rules, new long[] {0, 5000, 1000}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        early.assign(slots.get(0));
        late.assign(slots.get(2));
        ScheduleSolution solution = new ScheduleSolution(slots, List.of(rules), List.of(early, late));

        int steps = SlotDescent.improve(solution, 50);

        assertThat(steps).isZero();
        assertThat(early.slot()).isSameAs(slots.get(0));
        assertThat(late.slot()).isSameAs(slots.get(2));
        assertThat(solver.score(solution).isFeasible()).isTrue();
    }
}
