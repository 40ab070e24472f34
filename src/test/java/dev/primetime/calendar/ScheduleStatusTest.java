package dev.primetime.calendar;

import static dev.primetime.calendar.ScheduleStatus.CANCELED;
import static dev.primetime.calendar.ScheduleStatus.CANCELING;
import static dev.primetime.calendar.ScheduleStatus.COMPLETED;
import static dev.primetime.calendar.ScheduleStatus.COMPLETING;
import static dev.primetime.calendar.ScheduleStatus.FAILED;
import static dev.primetime.calendar.ScheduleStatus.OPTIMIZING;
import static dev.primetime.calendar.ScheduleStatus.PENDING;
import static dev.primetime.calendar.ScheduleStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleStatusTest {
    private static Set<ScheduleStatus> reachableFrom(ScheduleStatus from) {
        Set<ScheduleStatus> next = EnumSet.noneOf(ScheduleStatus.class);
        for (ScheduleStatus to : ScheduleStatus.values()) {
            if (from.canMoveTo(to)) {
                next.add(to);
            }
        }
        return next;
    }

    @Test
    void followsTheSeedsLifecycle() {
        assertThat(reachableFrom(PENDING)).containsExactlyInAnyOrder(RUNNING, OPTIMIZING, CANCELING, FAILED);
        assertThat(reachableFrom(RUNNING))
                .containsExactlyInAnyOrder(OPTIMIZING, COMPLETING, COMPLETED, CANCELING, FAILED);
        assertThat(reachableFrom(OPTIMIZING)).containsExactlyInAnyOrder(PENDING, RUNNING, CANCELING, FAILED);
        assertThat(reachableFrom(COMPLETING)).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(reachableFrom(CANCELING)).containsExactlyInAnyOrder(CANCELED, FAILED);
    }

    @Test
    void terminalStatesGoNowhere() {
        for (ScheduleStatus s : EnumSet.of(COMPLETED, CANCELED, FAILED)) {
            assertThat(s.isTerminal()).isTrue();
            assertThat(reachableFrom(s)).isEmpty();
        }
    }

    @Test
    void everyNonTerminalStateCanFail() {
        for (ScheduleStatus s : ScheduleStatus.values()) {
            assertThat(s.canMoveTo(FAILED)).isEqualTo(!s.isTerminal());
        }
    }

    @Test
    void noStateMovesToItself() {
        for (ScheduleStatus s : ScheduleStatus.values()) {
            assertThat(s.canMoveTo(s)).as(s.id()).isFalse();
        }
    }

    @Test
    void readsTheWireNames() {
        assertThat(ScheduleStatus.find("completing")).contains(COMPLETING);
        assertThat(ScheduleStatus.find("done")).isEmpty();
    }
}
