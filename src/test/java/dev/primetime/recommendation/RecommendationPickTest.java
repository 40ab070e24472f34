package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.engagement.Objective;
import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RecommendationPickTest {
    private static final Instant FIRST = Instant.parse("2026-03-02T00:00:00Z");
    private static final int HOURS = 48;

    private static final RecommendationService.PlatformTarget YOUTUBE =
            new RecommendationService.PlatformTarget(Platform.of("youtube"), "long_form");

    /** Ranks 0.1 everywhere but at the given hours. */
    private static double[] ranks(int hour, double value, int otherHour, double otherValue) {
        double[] rank = new double[HOURS];
        Arrays.fill(rank, 0.1);
        rank[hour] = value;
        rank[otherHour] = otherValue;
        return rank;
    }

    private static List<Integer> pickedHours(double[] rank, int count, IntFunction<double[]> redraw) {
        double[] flat = new double[WeeklyCurve.SLOTS];
        Arrays.fill(flat, 1);
        WeeklyCurve curve = WeeklyCurve.of(flat);
        var forecast = new EngagementForecast(
                Platform.of("youtube"),
                "long_form",
                ZoneOffset.UTC,
                Objective.INTERACTIONS,
                curve,
                curve,
                curve,
                curve,
                0);
        var query = new RecommendationService.Query(
                List.of(YOUTUBE),
                count,
                ZoneOffset.UTC,
                List.of(new Audiences.Audience(ZoneOffset.UTC, Audiences.FROM_REQUEST)),
                Objective.INTERACTIONS,
                FIRST,
                FIRST.plus(Duration.ofHours(HOURS)),
                12.0,
                RecommendationService.Exploration.THOMPSON);
        int[] slotOfHour = new int[HOURS];
        for (int h = 0; h < HOURS; h++) {
            slotOfHour[h] = WeeklyCurve.slot(FIRST.plus(Duration.ofHours(h)), ZoneOffset.UTC);
        }
        return RecommendationService.pick(
                        query,
                        new double[][] {rank},
                        new int[] {12},
                        HOURS,
                        FIRST,
                        new int[][] {slotOfHour},
                        new EngagementForecast[] {forecast},
                        redraw)
                .stream()
                .map(c -> (int) Duration.between(FIRST, c.at()).toHours())
                .toList();
    }

    @Test
    void keepingItsRanksAPlatformTakesItsNextBestHour() {
        assertThat(pickedHours(ranks(0, 1.0, 24, 0.9), 2, p -> null)).containsExactly(0, 24);
    }

    @Test
    void exploringEachSlotAfterTheFirstFollowsAFreshDrawAndNoDrawIsMadeAfterTheLast() {
        AtomicInteger draws = new AtomicInteger();
        // the fresh draw prefers hour 36 to the first draw's runner-up at hour 24
        IntFunction<double[]> redraw = p -> {
            draws.incrementAndGet();
            return ranks(36, 1.0, 24, 0.5);
        };

        List<Integer> hours = pickedHours(ranks(0, 1.0, 24, 0.9), 3, redraw);

        assertThat(hours).startsWith(0, 36).hasSize(3);
        assertThat(draws).hasValue(2);
    }

    @Test
    void exploringByBoundsAPlatformsHoursComeInItsOrder() {
        var sequence = new RecommendationService.Sequence(new int[] {30, 5, 44}, ranks(0, 1.0, 24, 0.9));

        // the platform's own ranks prefer hours 0 and 24; its order says 30, 5, 44
        assertThat(pickedHours(sequence.ranks(), 3, p -> sequence.next())).containsExactly(30, 5, 44);
    }
}
