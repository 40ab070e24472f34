package dev.primetime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueSlotTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aSlotKeepsItsWallClockTimeAcrossBothChangesOfOffset() {
        List<Instant> sundays = QueueSlot.between(
                List.of(new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(10, 0))),
                BERLIN,
                Instant.parse("2026-03-20T00:00:00Z"),
                Instant.parse("2026-04-06T00:00:00Z"));
        assertThat(sundays)
                .containsExactly(
                        Instant.parse("2026-03-22T09:00:00Z"), // CET
                        Instant.parse("2026-03-29T08:00:00Z"), // CEST from that very night
                        Instant.parse("2026-04-05T08:00:00Z"));
        List<Instant> autumn = QueueSlot.between(
                List.of(new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(10, 0))),
                BERLIN,
                Instant.parse("2026-10-18T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(autumn)
                .containsExactly(
                        Instant.parse("2026-10-18T08:00:00Z"),
                        Instant.parse("2026-10-25T09:00:00Z"),
                        Instant.parse("2026-11-01T09:00:00Z"));
    }

    @Test
    void aSlotInTheSpringGapMovesForwardAndOneInTheAutumnOverlapIsTakenOnce() {
        List<Instant> gap = QueueSlot.between(
                List.of(
                        new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30)),
                        new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(3, 30))),
                BERLIN,
                Instant.parse("2026-03-28T12:00:00Z"),
                Instant.parse("2026-03-30T00:00:00Z"));
        // 02:30 does not exist that night: it becomes 03:30, the same instant as the other slot, counted once
        assertThat(gap).containsExactly(Instant.parse("2026-03-29T01:30:00Z"));
        List<Instant> overlap = QueueSlot.between(
                List.of(new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30))),
                BERLIN,
                Instant.parse("2026-10-24T12:00:00Z"),
                Instant.parse("2026-10-26T00:00:00Z"));
        assertThat(overlap).containsExactly(Instant.parse("2026-10-25T00:30:00Z")); // the summer-time 02:30
    }

    @Test
    void aSlotTheSpringGapMovesPastALaterSlotKeepsBoth() {
        List<Instant> gap = QueueSlot.between(
                List.of(
                        new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(2, 30)),
                        new QueueSlot(DayOfWeek.SUNDAY, LocalTime.of(3, 0))),
                BERLIN,
                Instant.parse("2026-03-28T12:00:00Z"),
                Instant.parse("2026-03-30T00:00:00Z"));
        // 02:30 becomes 03:30, after the 03:00 slot: both are slots of that day, in time order
        assertThat(gap).containsExactly(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void slotsComeInTimeOrderFromTheFirstAtOrAfterTheStart() {
        List<Instant> slots = QueueSlot.between(
                List.of(
                        new QueueSlot(DayOfWeek.FRIDAY, LocalTime.of(9, 0)),
                        new QueueSlot(DayOfWeek.MONDAY, LocalTime.of(23, 55))),
                ZoneId.of("UTC"),
                Instant.parse("2026-03-02T23:55:00Z"), // a Monday, exactly on the slot
                Instant.parse("2026-03-10T00:00:00Z"));
        assertThat(slots)
                .containsExactly(
                        Instant.parse("2026-03-02T23:55:00Z"),
                        Instant.parse("2026-03-06T09:00:00Z"),
                        Instant.parse("2026-03-09T23:55:00Z"));
    }
}
