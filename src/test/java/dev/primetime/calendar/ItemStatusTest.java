package dev.primetime.calendar;

import static dev.primetime.calendar.ItemStatus.FAILED;
import static dev.primetime.calendar.ItemStatus.PENDING;
import static dev.primetime.calendar.ItemStatus.PUBLISHED;
import static dev.primetime.calendar.ItemStatus.SCHEDULED;
import static dev.primetime.calendar.ItemStatus.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemStatusTest {
    @Test
    void pendingGoesToScheduledSkippedOrFailed() {
        assertThat(PENDING.canMoveTo(SCHEDULED)).isTrue();
        assertThat(PENDING.canMoveTo(SKIPPED)).isTrue();
        assertThat(PENDING.canMoveTo(FAILED)).isTrue();
        assertThat(PENDING.canMoveTo(PUBLISHED)).isFalse();
    }

    @Test
    void scheduledGoesToPublishedSkippedOrFailed() {
        assertThat(SCHEDULED.canMoveTo(PUBLISHED)).isTrue();
        assertThat(SCHEDULED.canMoveTo(SKIPPED)).isTrue();
        assertThat(SCHEDULED.canMoveTo(FAILED)).isTrue();
        assertThat(SCHEDULED.canMoveTo(PENDING)).isFalse();
    }

    @Test
    void publishedSkippedAndFailedAreTerminal() {
        for (ItemStatus terminal : new ItemStatus[] {PUBLISHED, SKIPPED, FAILED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (ItemStatus to : ItemStatus.values()) {
                assertThat(terminal.canMoveTo(to)).isFalse();
            }
        }
        assertThat(PENDING.isTerminal()).isFalse();
        assertThat(SCHEDULED.isTerminal()).isFalse();
    }
}
