package dev.primetime.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.platform.Platform;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
    private static PostEngagement post(Map<KpiMetric, Double> reported) {
        double[] values = new double[KpiMetric.values().length];
        Arrays.fill(values, Double.NaN);
        reported.forEach((m, v) -> values[m.ordinal()] = v);
        return new PostEngagement("p", Platform.of("facebook"), "post", Instant.EPOCH, null, values);
    }

    @Test
    void zeroInteractionsScoreZeroNeverTheImpressions() {
        PostEngagement silent = post(Map.of(
                KpiMetric.LIKES, 0.0, KpiMetric.COMMENTS, 0.0, KpiMetric.SHARES, 0.0, KpiMetric.IMPRESSIONS, 2500.0));

        assertThat(Objective.INTERACTIONS.outcome(silent)).hasValue(0);
        assertThat(Objective.ENGAGEMENT_RATE.outcome(silent)).hasValue(0);
    }

    @Test
    void interactionsAreLikesCommentsSharesAndSavesButNotClicks() {
        PostEngagement p = post(Map.of(
                KpiMetric.LIKES, 10.0,
                KpiMetric.COMMENTS, 2.0,
                KpiMetric.SHARES, 3.0,
                KpiMetric.SAVES, 4.0,
                KpiMetric.CLICKS, 100.0));

        assertThat(Objective.INTERACTIONS.outcome(p)).hasValue(19);
    }

    @Test
    void engagementRateDividesByReachElseImpressions() {
        assertThat(Objective.ENGAGEMENT_RATE.outcome(
                        post(Map.of(KpiMetric.LIKES, 20.0, KpiMetric.REACH, 400.0, KpiMetric.IMPRESSIONS, 1000.0))))
                .hasValue(0.05);
        assertThat(Objective.ENGAGEMENT_RATE.outcome(
                        post(Map.of(KpiMetric.LIKES, 20.0, KpiMetric.IMPRESSIONS, 1000.0))))
                .hasValue(0.02);
    }

    @Test
    void aPostThatReportedNothingAnObjectiveNeedsIsLeftOut() {
        PostEngagement viewsOnly = post(Map.of(KpiMetric.VIEWS, 900.0));

        assertThat(Objective.INTERACTIONS.outcome(viewsOnly)).isEmpty();
        assertThat(Objective.ENGAGEMENT_RATE.outcome(viewsOnly)).isEmpty();
        assertThat(Objective.WATCH_TIME_SECONDS.outcome(viewsOnly)).isEmpty();
        assertThat(Objective.VIEWS.outcome(viewsOnly)).hasValue(900);
    }
}
