package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.primetime.platform.WeeklyCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The curve's interval allows for the level's drift, measured on the history alone (issue 18). */
class LevelDriftTest {
    private static final Map<String, WeeklyCurve> PRIORS = SyntheticAudience.platformCurves();
    private static final int DAYS = 280; // 40 weeks: nine blocks and a bit

    /** Misses of posts every {@code step} days: a level path plus independent noise. */
    private static double[][] misses(double[] level, double noise, double step, Random random) {
        int n = (int) (DAYS / step);
        double[] days = new double[n];
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            days[i] = 20_000 + i * step;
            residuals[i] = level[(int) (i * step)] + noise * random.nextGaussian();
        }
        return new double[][] {days, residuals};
    }

    private static EngagementPosterior.Drift drift(DriftCalibrationSimulation.Level level, long seed) {
        Random random = new Random(seed);
        double[][] m = misses(level.path(DAYS, random), 0.5, 0.75, random);
        return EngagementPosterior.drift(m[0], m[1]);
    }

    @Test
    void aRandomWalkIsMeasuredFromTheMisses() {
        double truth = 0.3 * 0.3 / 30; // 0.3 per month
        double rate = 0;
        for (int seed = 0; seed < 100; seed++) {
            rate += drift(DriftCalibrationSimulation.randomWalk(0.3), seed).rate() / 100;
        }
        // biased low by the constraints (the swings take some of a walk's variogram), not by much
        assertThat(rate).isBetween(0.6 * truth, 1.2 * truth);
    }

    @Test
    void monthlySwingsThatDoNotWanderAreNotReadAsAWalk() {
        double walkOfTheSameSize = 2 * 0.3 * 0.3 / 30; // consecutive months differ by 2·0.09 on average
        double rate = 0;
        double swings = 0;
        for (int seed = 0; seed < 100; seed++) {
            EngagementPosterior.Drift drift = drift(DriftCalibrationSimulation.monthly(0.3), seed);
            rate += drift.rate() / 100;
            swings += drift.swings() / 100;
        }
        assertThat(rate).isLessThan(0.15 * walkOfTheSameSize);
        assertThat(swings).isCloseTo(2 * 0.09 / 10, within(0.4 * 2 * 0.09 / 10)); // 2·τ²/K, K = 10 blocks
    }

    @Test
    void aStationaryLevelAddsAlmostNothing() {
        double variance = 0;
        for (int seed = 0; seed < 100; seed++) {
            variance +=
                    drift(DriftCalibrationSimulation.STATIONARY, seed).variance(EngagementPosterior.HORIZON_DAYS) / 100;
        }
        // against the noise variance of 0.25: under 1% of it, on average (0.0015 measured; 0.0039 when the block means'
        // sampling variances are not taken off)
        assertThat(variance).isLessThan(0.0025);
    }

    @Test
    void evenlySpreadPostsSpanASixthOfTheirHistory() {
        double[] days = new double[3001];
        double[] residuals = new double[days.length];
        Random random = new Random(1);
        for (int i = 0; i < days.length; i++) {
            days[i] = i * 0.1;
            residuals[i] = 0.01 * i / days.length + 0.1 * random.nextGaussian(); // a slight trend: a walk is found
        }
        EngagementPosterior.Drift drift = EngagementPosterior.drift(days, residuals);
        assertThat(drift.span()).isCloseTo(300 / 6.0, within(0.5));
        assertThat(drift.variance(45)).isCloseTo(drift.swings() + drift.rate() * (50 + 45), within(1e-9));
    }

    @Test
    void withoutDaysOrWithUnderFourMonthsOfBlocksNothingIsAdded() {
        Random random = new Random(2);
        double[][] walk = misses(DriftCalibrationSimulation.randomWalk(0.5).path(DAYS, random), 0.3, 0.75, random);
        assertThat(EngagementPosterior.drift(walk[0], walk[1]).variance(45)).isPositive();

        double[] unknown = walk[0].clone();
        unknown[7] = Double.NaN;
        assertThat(EngagementPosterior.drift(unknown, walk[1])).isEqualTo(EngagementPosterior.Drift.NONE);

        int threeBlocks = (int) (3 * EngagementPosterior.BLOCK_DAYS / 0.75);
        assertThat(EngagementPosterior.drift(
                        java.util.Arrays.copyOf(walk[0], threeBlocks), java.util.Arrays.copyOf(walk[1], threeBlocks)))
                .isEqualTo(EngagementPosterior.Drift.NONE);
    }

    @Test
    void theIntervalWidensOnBothSidesAndItsCentreStays() {
        var tenant = RecommendationQualitySimulation.tenants().get(1);
        var run = DriftCalibrationSimulation.run(tenant.audience(), DriftCalibrationSimulation.randomWalk(0.3), 7);
        List<EngagementPosterior.Observation> undated = new ArrayList<>();
        for (var post : run.history()) {
            undated.add(new EngagementPosterior.Observation(post.slot(), post.engagement()));
        }
        WeeklyCurve prior = PRIORS.get(tenant.platform());
        EngagementPosterior dated = EngagementPosterior.fit(prior, run.history());
        EngagementPosterior plain = EngagementPosterior.fit(prior, undated);

        assertThat(plain.driftVariance()).isZero();
        assertThat(dated.driftVariance()).isGreaterThan(0.05);
        assertThat(dated.expected().toArray()).containsExactly(plain.expected().toArray());
        for (int s = 0; s < WeeklyCurve.SLOTS; s++) {
            double centre = Math.log(dated.expected().get(s));
            double below = centre - Math.log(dated.predictiveLower().get(s));
            double above = Math.log(dated.predictiveUpper().get(s)) - centre;
            assertThat(dated.predictiveLower().get(s))
                    .isLessThan(plain.predictiveLower().get(s));
            assertThat(dated.predictiveUpper().get(s))
                    .isGreaterThan(plain.predictiveUpper().get(s));
            // symmetric in predictive standard deviations: the ends keep the leave-one-out quantiles' ratio
            assertThat(below / above).isCloseTo(dated.lowerZ() / dated.upperZ(), within(1e-9));
        }
    }

    /** Of the posts after each history, how many fell inside its interval: [with the allowance, without it, all]. */
    private static long[] coverage(DriftCalibrationSimulation.Level level, int runs) {
        long[] counts = new long[3];
        var tenants = RecommendationQualitySimulation.tenants();
        for (int t = 0; t < tenants.size(); t++) {
            WeeklyCurve prior = PRIORS.get(tenants.get(t).platform());
            for (int r = 0; r < runs; r++) {
                var run = DriftCalibrationSimulation.run(tenants.get(t).audience(), level, 1000L * t + r);
                EngagementPosterior posterior = EngagementPosterior.fit(prior, run.history());
                counts[0] += DriftCalibrationSimulation.inside(posterior, run);
                counts[1] += DriftCalibrationSimulation.inside(posterior, run, Double.NaN);
                counts[2] += run.later().size();
            }
        }
        return counts;
    }

    @Test
    void laterPostsOfADriftingHistoryFallInsideTheInterval() {
        long[] walk = coverage(DriftCalibrationSimulation.randomWalk(0.2), 8);
        System.out.printf(
                "random walk 0.2/month: %d / %d inside with the allowance, %d without%n", walk[0], walk[2], walk[1]);
        assertThat((double) walk[0] / walk[2]).isBetween(0.85, 0.95);
        assertThat((double) walk[1] / walk[2]).isLessThan(0.85);
    }

    @Test
    void aStationaryHistorysIntervalIsHardlyWidened() {
        long[] stationary = coverage(DriftCalibrationSimulation.STATIONARY, 8);
        System.out.printf(
                "stationary: %d / %d inside with the allowance, %d without%n",
                stationary[0], stationary[2], stationary[1]);
        assertThat((double) stationary[0] / stationary[2]).isBetween(0.85, 0.95);
        assertThat((double) (stationary[0] - stationary[1]) / stationary[2]).isLessThan(0.01);
    }
}
