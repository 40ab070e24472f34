package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.GreedyStartTest.post;
import static dev.primetime.optimization.solver.GreedyStartTest.slot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.platform.Platform;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EarliestFitTest {
    /** Two hours apart, three a day, six hourly slots: three posts fit only as 0-2-4, 0-2-5, 0-3-5 or 1-3-5. */
    private static final PlatformRules TIGHT = new PlatformRules(Platform.of("youtube"), 120, 3, 21, 120);

    private static final List<TimeSlot> HOURS =
            IntStream.range(0, 6).mapToObj(i -> slot(i, 8 + i)).toList();

    /** Worth most at 09:00 and 12:00: placed for engagement, the first two posts leave the third no room. */
    private static ScheduleSolution threeFreePosts() {
        long[] values = {100, 900, 100, 100, 800, 100};
        List<Post> posts = List.of(
                post("a", TIGHT, values, Long.MIN_VALUE, Long.MAX_VALUE, HOURS),
                post("b", TIGHT, values, Long.MIN_VALUE, Long.MAX_VALUE, HOURS),
                post("c", TIGHT, values, Long.MIN_VALUE, Long.MAX_VALUE, HOURS));
        return new ScheduleSolution(HOURS, List.of(TIGHT), posts);
    }

    @Test
    void findsRoomWherePlacingForEngagementLeavesAPostBlocked() {
        ScheduleSolution forEngagement = threeFreePosts();
        // no time to eject: the greedy alone
        assertThat(GreedyStart.place(forEngagement, System.nanoTime())).isEqualTo(1);

        ScheduleSolution solution = threeFreePosts();
        boolean placedAll = EarliestFit.place(solution);

        assertThat(placedAll).isTrue();
        assertThat(solution.posts()).allMatch(p -> p.slot() != null);
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
    }

    /** A free post packed at 08:00 would block 09:00, the only hour the windowed post may take. */
    @Test
    void postsWithAWindowGetTheirRoomFirst() {
        long[] flat = {100, 100, 100, 100, 100, 100};
        TimeSlot nine = HOURS.get(1);
        Post free = post("free", TIGHT, flat, Long.MIN_VALUE, Long.MAX_VALUE, HOURS);
        Post windowed = post("windowed", TIGHT, flat, nine.minute(), nine.minute(), List.of(nine));
        ScheduleSolution solution = new ScheduleSolution(HOURS, List.of(TIGHT), List.of(free, windowed));

        assertThat(EarliestFit.place(solution)).isTrue();

        assertThat(windowed.slot()).isSameAs(nine);
        assertThat(free.slot()).isNotNull();
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
    }

    @Test
    void saysSoWhenThereIsNoRoomAndLeavesThePostOpen() {
        long[] flat = {100, 100, 100, 100, 100, 100};
        List<Post> posts = IntStream.range(0, 4)
                .mapToObj(i -> post("p" + i, TIGHT, flat, Long.MIN_VALUE, Long.MAX_VALUE, HOURS))
                .toList();
        ScheduleSolution solution = new ScheduleSolution(HOURS, List.of(TIGHT), posts);

        assertThat(EarliestFit.place(solution)).isFalse();

        assertThat(posts.stream().filter(p -> p.slot() == null)).hasSize(1);
        assertThat(ScheduleCheck.violations(solution.posts())).isEmpty();
    }
}
