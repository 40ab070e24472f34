package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.PostBuilder.aPost;
import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.HardSoftScore;
import dev.primetime.platform.Platform;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyStartTest {
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private final ScheduleSolver solver = new ScheduleSolver();

    @Test
    void fiveThousandBenchItemsStartWithoutBreakingAnyRule() {
        ScheduleSolution solution = OptimizationBench.problem(5000);

        int broken = GreedyStart.place(solution);

        assertThat(broken).isZero();
        assertThat(solution.posts()).allMatch(p -> p.slot() != null);
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
        assertThat(solver.score(solution).isFeasible()).isTrue();
    }

    @Test
    void fiftyBenchItemsStartFeasibleWhereTheBaselineBreaksARule() {
        ScheduleSolution baseline = OptimizationBench.problem(50);
        GreedyBaseline.place(baseline);
        ScheduleSolution start = OptimizationBench.problem(50);

        GreedyStart.place(start);

        assertThat(solver.score(baseline).isFeasible()).isFalse();
        assertThat(ScheduleCheck.violations(start.posts())).isEmpty();
    }

    @Test
    void fatigueSpreadsPostsWhereTheBaselinePilesThemIntoThePeakHour() {
        ScheduleSolution baseline = OptimizationBench.problem(5000);
        GreedyBaseline.place(baseline);
        ScheduleSolution start = OptimizationBench.problem(5000);

        GreedyStart.place(start);

        HardSoftScore greedy = solver.score(baseline);
        HardSoftScore ours = solver.score(start);
        assertThat(ours.softScore()).isGreaterThan(greedy.softScore());
        assertThat(ours.softScore()).isPositive();
    }

    /**
     * One post a day. The free post is worth more on Monday and takes it first; the windowed post may only go out on
     * Monday, so it ejects the free one, which moves to Tuesday.
     */
    @Test
    void aBlockedPostEjectsOneThatCanMoveElsewhere() {
        PlatformRules rules = new PlatformRules(Platform.of("youtube"), 60, 1, 10, 60);
        TimeSlot monday = slot(0, 10);
        TimeSlot tuesday = slot(1, 34);
        List<TimeSlot> slots = List.of(monday, tuesday);
        Post free = post("free", rules, new long[] {900, 800}, Long.MIN_VALUE, Long.MAX_VALUE, slots);
        Post windowed = post("windowed", rules, new long[] {500, 0}, monday.minute(), monday.minute(), List.of(monday));
        ScheduleSolution solution = new ScheduleSolution(slots, List.of(rules), List.of(free, windowed));

        int broken = GreedyStart.place(solution);

        assertThat(broken).isZero();
        assertThat(windowed.slot()).isSameAs(monday);
        assertThat(free.slot()).isSameAs(tuesday);
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
    }

    static TimeSlot slot(int index, int hoursAfterMonday) {
        Instant start = MONDAY.plusSeconds(3600L * hoursAfterMonday);
        return new TimeSlot(
                index, start, LocalDate.ofInstant(start, ZoneOffset.UTC).toEpochDay(), false);
    }

    static Post post(
            String id, PlatformRules rules, long[] values, long earliest, long latest, List<TimeSlot> allowed) {
        return aPost(id)
                .on(rules)
                .worth(values)
                .within(earliest, latest)
                .allowedAt(allowed)
                .build();
    }
}
