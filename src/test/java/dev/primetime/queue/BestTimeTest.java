package dev.primetime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BestTimeTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    /** Scores rise through the day to 18:00 and fall after it. */
    private static double score(Instant t) {
        int minute = t.atZone(UTC).getHour() * 60 + t.atZone(UTC).getMinute();
        return -Math.abs(minute - 18 * 60);
    }

    @Test
    void choosesTheHighestScoringFreeTimeAndKeepsTheGapFromOtherPosts() {
        var rules = new BestTime.Rules(120, 100, 100, 60, UTC);
        var free =
                BestTime.choose(MONDAY, MONDAY.plusSeconds(86_399), BestTimeTest::score, rules, List.of(), List.of());
        assertThat(free.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-02T18:00:00Z"));

        var taken = BestTime.choose(
                MONDAY,
                MONDAY.plusSeconds(86_399),
                BestTimeTest::score,
                rules,
                List.of(Instant.parse("2026-03-02T18:30:00Z")),
                List.of());
        // 16:30 and 20:30 are the nearest times 120 minutes away; 16:30 scores -90, 20:30 -150
        assertThat(taken.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-02T16:30:00Z"));
    }

    @Test
    void keepsTheStaggerFromTheSameContentAndTheDailyAndWeeklyCaps() {
        var stagger = BestTime.choose(
                MONDAY,
                MONDAY.plusSeconds(86_399),
                BestTimeTest::score,
                new BestTime.Rules(0, 100, 100, 60, UTC),
                List.of(),
                List.of(Instant.parse("2026-03-02T18:00:00Z")));
        assertThat(stagger.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));

        var day = BestTime.choose(
                MONDAY,
                MONDAY.plusSeconds(2 * 86_400 - 1),
                BestTimeTest::score,
                new BestTime.Rules(0, 100, 1, 0, UTC),
                List.of(Instant.parse("2026-03-02T03:00:00Z")),
                List.of());
        assertThat(day.orElseThrow().at()).isEqualTo(Instant.parse("2026-03-03T18:00:00Z"));

        var week = BestTime.choose(
                MONDAY,
                MONDAY.plusSeconds(7 * 86_400 - 1),
                BestTimeTest::score,
                new BestTime.Rules(0, 1, 100, 0, UTC),
                List.of(Instant.parse("2026-03-08T23:00:00Z")), // Sunday: the same Monday-to-Sunday week
                List.of());
        assertThat(week).isEmpty();
    }

    @Test
    void candidatesSitOnQuarterHoursAtOrAfterTheStart() {
        assertThat(BestTime.firstCandidate(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(BestTime.firstCandidate(Instant.parse("2026-03-02T10:00:00.001Z")))
                .isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    }
}
