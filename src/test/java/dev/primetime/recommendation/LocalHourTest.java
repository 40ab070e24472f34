package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalHourTest {
    @Test
    void aFullHourOnTheAudiencesClockIsItsOwnStart() {
        assertThat(RecommendationService.localHourAtOrAfter(Instant.parse("2026-03-02T10:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(RecommendationService.localHourAtOrAfter(
                        Instant.parse("2026-03-02T09:30:00Z"), ZoneId.of("Asia/Kolkata")))
                .isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
    }

    @Test
    void anyMomentAfterItMovesToTheNextLocalHour() {
        assertThat(RecommendationService.localHourAtOrAfter(
                        Instant.parse("2026-03-02T10:00:00.001Z"), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        // 09:00 UTC is 14:30 in India and 14:45 in Nepal
        assertThat(RecommendationService.localHourAtOrAfter(
                        Instant.parse("2026-03-02T09:00:00Z"), ZoneId.of("Asia/Kolkata")))
                .isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(RecommendationService.localHourAtOrAfter(
                        Instant.parse("2026-03-02T09:00:00Z"), ZoneId.of("Asia/Kathmandu")))
                .isEqualTo(Instant.parse("2026-03-02T09:15:00Z"));
    }
}
