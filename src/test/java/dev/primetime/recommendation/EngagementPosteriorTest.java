package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.platform.WeeklyCurve;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class EngagementPosteriorTest {
    private static final WeeklyCurve YOUTUBE =
            SyntheticAudience.platformCurves().get("youtube/long_form");
    // An evening-weekend audience: the opposite of YouTube's weekday-afternoon prior.
    private static final SyntheticAudience NIGHT_OWLS =
            new SyntheticAudience(SyntheticAudience.curve(new int[] {5, 6}, new int[] {21}, 0.1), 200, 0.35);

    private static List<EngagementPosterior.Observation> posts(SyntheticAudience audience, int count, long seed) {
        Random random = new Random(seed);
        List<EngagementPosterior.Observation> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int day = random.nextInt(7);
            int hour = 8 + random.nextInt(16); // creators post between 08:00 and 23:00
            posts.add(audience.post(day * 24 + hour, random));
        }
        return posts;
    }

    private static double captured(SyntheticAudience audience, WeeklyCurve forecast) {
        double[] truth = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < truth.length; s++) {
            truth[s] = audience.truth(s);
        }
        double ours = SyntheticAudience.top(forecast.toArray(), 5, 12).stream()
                .mapToDouble(audience::truth)
                .sum();
        double best = SyntheticAudience.top(truth, 5, 12).stream()
                .mapToDouble(audience::truth)
                .sum();
        return ours / best;
    }

    @Test
    void withoutPostsTheRankingIsThePriors() {
        EngagementPosterior posterior = EngagementPosterior.fit(YOUTUBE, List.of());
        assertThat(SyntheticAudience.top(posterior.expected().toArray(), 10, 1))
                .containsExactlyElementsOf(SyntheticAudience.top(YOUTUBE.toArray(), 10, 1));
        assertThat(posterior.observations()).isZero();
    }

    @Test
    void topSlotsMoveToTheAudiencesTrueBestHoursAsPostsAccumulate() {
        double before = captured(NIGHT_OWLS, YOUTUBE);
        EngagementPosterior after30 = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 30, 1));
        EngagementPosterior after200 = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 200, 1));

        assertThat(before).isLessThan(0.7);
        assertThat(captured(NIGHT_OWLS, after30.expected())).isGreaterThan(before);
        assertThat(captured(NIGHT_OWLS, after200.expected())).isGreaterThan(0.8);
        assertThat(SyntheticAudience.top(after200.expected().toArray(), 2, 12)).allSatisfy(slot -> {
            assertThat(slot / 24).isIn(5, 6); // Saturday or Sunday
            assertThat(slot % 24).isBetween(20, 23); // evening
        });
    }

    @Test
    void moreEvidenceNarrowsTheInterval() {
        int saturday21 = WeeklyCurve.slot(java.time.DayOfWeek.SATURDAY, 21);
        EngagementPosterior few = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 5, 2));
        EngagementPosterior many = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 200, 2));
        double fewWidth = few.upper().get(saturday21) / few.lower().get(saturday21);
        double manyWidth = many.upper().get(saturday21) / many.lower().get(saturday21);
        assertThat(manyWidth).isLessThan(fewWidth);
    }

    @Test
    void aPostInformsTheHoursAroundIt() {
        int tuesday20 = WeeklyCurve.slot(java.time.DayOfWeek.TUESDAY, 20);
        List<EngagementPosterior.Observation> great = List.of(
                new EngagementPosterior.Observation(tuesday20, 1000),
                new EngagementPosterior.Observation(WeeklyCurve.slot(java.time.DayOfWeek.MONDAY, 10), 100),
                new EngagementPosterior.Observation(WeeklyCurve.slot(java.time.DayOfWeek.FRIDAY, 10), 100));
        EngagementPosterior posterior = EngagementPosterior.fit(YOUTUBE, great);
        EngagementPosterior priorOnly = EngagementPosterior.fit(YOUTUBE, great.subList(1, 3));
        assertThat(posterior.expected().get(tuesday20 + 1))
                .isGreaterThan(priorOnly.expected().get(tuesday20 + 1));
        assertThat(posterior.expected().get(WeeklyCurve.slot(java.time.DayOfWeek.WEDNESDAY, 20)))
                .isGreaterThan(priorOnly.expected().get(WeeklyCurve.slot(java.time.DayOfWeek.WEDNESDAY, 20)));
    }

    @Test
    void aReshapedDrawSpreadsLessAroundTheSameCentre() {
        EngagementPosterior posterior = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 10, 3));
        int slot = WeeklyCurve.slot(java.time.DayOfWeek.SUNDAY, 21);
        double[] full = logDraws(posterior, slot, 1);
        double[] half = logDraws(posterior, slot, 0.5);
        double median = Math.log(posterior.expected().get(slot));

        assertThat(sd(half) / sd(full)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(java.util.Arrays.stream(half).average().orElseThrow())
                .isCloseTo(median, org.assertj.core.data.Offset.offset(0.05));
    }

    private static double[] logDraws(EngagementPosterior posterior, int slot, double spread) {
        Random random = new Random(13);
        double[] draws = new double[4000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = Math.log(posterior.sample(random, spread).get(slot));
        }
        return draws;
    }

    private static double sd(double[] x) {
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        return Math.sqrt(
                java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
    }

    @Test
    void thompsonDrawsVaryButCentreOnTheMean() {
        EngagementPosterior posterior = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 10, 3));
        Random random = new Random(7);
        int slot = WeeklyCurve.slot(java.time.DayOfWeek.SUNDAY, 21);
        double sum = 0;
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            double draw = posterior.sample(random).get(slot);
            sum += Math.log(draw);
            distinct.add(draw);
        }
        assertThat(distinct).hasSizeGreaterThan(1900);
        double meanLog = sum / 2000;
        double median =
                Math.sqrt(posterior.lower().get(slot) * posterior.upper().get(slot));
        assertThat(Math.exp(meanLog)).isCloseTo(median, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void withoutPostsTheForecastIsThePlatformCurveItself() {
        WeeklyCurve expected = EngagementPosterior.fit(YOUTUBE, List.of()).expected();
        double scale = expected.get(0) / YOUTUBE.get(0);
        for (int slot = 0; slot < WeeklyCurve.SLOTS; slot++) {
            assertThat(expected.get(slot)).isCloseTo(scale * YOUTUBE.get(slot), Percentage.withPercentage(1e-9));
        }
    }

    @Test
    void aSinglePostSetsTheLevelNotTheShape() {
        int saturday3 = WeeklyCurve.slot(DayOfWeek.SATURDAY, 3);
        WeeklyCurve expected = EngagementPosterior.fit(
                        YOUTUBE, List.of(new EngagementPosterior.Observation(saturday3, 5000)))
                .expected();
        // the post is the tenant's median, and every other hour compares with it as the platform says
        assertThat(expected.get(saturday3)).isCloseTo(1.0, Percentage.withPercentage(1e-9));
        double scale = 1 / YOUTUBE.get(saturday3);
        for (int slot = 0; slot < WeeklyCurve.SLOTS; slot++) {
            assertThat(expected.get(slot)).isCloseTo(scale * YOUTUBE.get(slot), Percentage.withPercentage(1e-6));
        }
    }

    @Test
    void anAudienceThatStartsItsDayEarlierGetsHoursBeforeThePlatformsWindow() {
        // LinkedIn's window is Tuesday to Thursday 08:00-14:00; this audience is best at 07:00 on every weekday.
        WeeklyCurve linkedin = SyntheticAudience.platformCurves().get("linkedin/post");
        SyntheticAudience earlyBirds =
                new SyntheticAudience(SyntheticAudience.curve(new int[] {0, 1, 2, 3, 4}, new int[] {7}, 0.1), 80, 0.5);
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<EngagementPosterior.Observation> posts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                posts.add(earlyBirds.post(random.nextInt(7) * 24 + 7 + random.nextInt(16), random));
            }
            WeeklyCurve expected = EngagementPosterior.fit(linkedin, posts).expected();
            for (DayOfWeek day : List.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY)) {
                int seven = WeeklyCurve.slot(day, 7);
                assertThat(expected.get(seven)).as("seed %d, %s", seed, day).isGreaterThan(expected.get(seven + 3));
            }
        }
    }

    @Test
    void noisierPostsMakeAHigherNoiseEstimateAndWiderIntervals() {
        double[] truth = SyntheticAudience.curve(new int[] {5, 6}, new int[] {21}, 0.1);
        EngagementPosterior quiet =
                EngagementPosterior.fit(YOUTUBE, posts(new SyntheticAudience(truth, 200, 0.3), 150, 4));
        EngagementPosterior noisy =
                EngagementPosterior.fit(YOUTUBE, posts(new SyntheticAudience(truth, 200, 1.0), 150, 4));
        assertThat(quiet.noiseVariance()).isBetween(0.3 * 0.3 / 2, 0.3 * 0.3 * 2);
        assertThat(noisy.noiseVariance()).isBetween(1.0 / 2, 1.0 * 2);
        int tuesday20 = WeeklyCurve.slot(DayOfWeek.TUESDAY, 20);
        assertThat(noisy.upper().get(tuesday20) / noisy.lower().get(tuesday20))
                .isGreaterThan(quiet.upper().get(tuesday20) / quiet.lower().get(tuesday20));
    }

    @Test
    void aThompsonDrawMovesNeighbouringHoursTogether() {
        EngagementPosterior posterior = EngagementPosterior.fit(YOUTUBE, posts(NIGHT_OWLS, 20, 5));
        int tuesday20 = WeeklyCurve.slot(DayOfWeek.TUESDAY, 20);
        int draws = 4000;
        double[] a = new double[draws];
        double[] b = new double[draws];
        double[] far = new double[draws];
        Random random = new Random(11);
        for (int i = 0; i < draws; i++) {
            WeeklyCurve draw = posterior.sample(random);
            a[i] = Math.log(draw.get(tuesday20));
            b[i] = Math.log(draw.get(tuesday20 + 1));
            far[i] = Math.log(draw.get(WeeklyCurve.slot(DayOfWeek.TUESDAY, 8)));
        }
        assertThat(correlation(a, b)).isGreaterThan(0.25);
        assertThat(correlation(a, far)).isLessThan(correlation(a, b));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
