package dev.primetime.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.trial.TrialSimulation.Outcome;
import dev.primetime.trial.TrialSimulation.RateWorld;
import org.junit.jupiter.api.Test;

/**
 * The acceptance on simulated trials, small and with fixed seeds so it runs in seconds; bench/trials prints
 * the same figures with more repetitions and draws.
 */
class TrialSimulationTest {
    // 2,000 impressions a post at 4% engagement; B 20% better. A 5% lift is worth acting on.
    private static final RateWorld B_BETTER = new RateWorld(new double[] {0.04, 0.048}, 2000);
    private static final RateWorld NULL = new RateWorld(new double[] {0.04, 0.04}, 2000);
    private static final TrialStatistics.Rule RULE = new TrialStatistics.Rule(10, 0.05, 2000, 0);

    /**
     * "Expected" is {@link TrialSimulation.World#expectedPostsPerVariant}: the larger of a single-look design's sample
     * for 90% power and the sample that measures the lift as precisely as the rule asks. The rule reaches that
     * precision at about that sample, so about half the trials conclude by then: the median must be near it and
     * nearly all trials must conclude within twice it.
     */
    @Test
    void concludesTheTrulyBetterVariantWithinTheExpectedNumberOfPosts() {
        int expectedTotal = 2 * B_BETTER.expectedPostsPerVariant(1, 0, RULE);
        for (Allocation allocation : Allocation.values()) {
            Outcome o = TrialSimulation.run(B_BETTER, 2, allocation, RULE, 2 * expectedTotal, 1, 60, 11);
            assertThat(o.share(0)).as(allocation + ": concluded A").isZero();
            assertThat(o.share(1))
                    .as(allocation + ": concluded B within " + 2 * expectedTotal + " posts")
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(o.postsQuantile(0.5))
                    .as(allocation + ": median posts to conclude B, expected " + expectedTotal)
                    .isLessThanOrEqualTo(1.25 * expectedTotal);
        }
    }

    @Test
    void equalVariantsWhosePostsVaryBeyondBinomialNoiseDoNotConcludeFalsely() {
        // 5,000 impressions a post, each post's rate ±30% around the variant's: pooled impressions overstate the
        // evidence ten times over
        var varying = new TrialSimulation.VaryingRateWorld(new double[] {0.04, 0.04}, 5000, 0.3);
        for (Allocation allocation : Allocation.values()) {
            Outcome o = TrialSimulation.run(varying, 2, allocation, RULE, 200, 1, 60, 13);
            assertThat(o.concludedShare())
                    .as(allocation + ": trials that declared a winner")
                    .isLessThanOrEqualTo(0.05);
        }
    }

    @Test
    void dispersionIsAboutOneForBinomialPostsAndLargeForVaryingOnes() {
        var random = new org.apache.commons.math3.random.Well19937c(5);
        TrialStatistics.Observed binomial = TrialStatistics.Observed.none("A");
        TrialStatistics.Observed varying = TrialStatistics.Observed.none("B");
        var plain = new RateWorld(new double[] {0.04}, 5000);
        var spread = new TrialSimulation.VaryingRateWorld(new double[] {0.04}, 5000, 0.3);
        for (int i = 0; i < 200; i++) {
            binomial = plain.observe(binomial, 0, random);
            varying = spread.observe(varying, 0, random);
        }

        assertThat(TrialStatistics.dispersion(java.util.List.of(binomial))).isBetween(1.0, 1.3);
        // per-post variance (0.04 · 0.3)² · 5000 / (0.04 · 0.96) ≈ 19 times the binomial one, plus that one
        assertThat(TrialStatistics.dispersion(java.util.List.of(varying))).isBetween(12.0, 30.0);
    }

    @Test
    void underTheNullConcludesInAtMostFivePercentOfTrialsLookingAfterEveryPost() {
        for (Allocation allocation : Allocation.values()) {
            Outcome o = TrialSimulation.run(NULL, 2, allocation, RULE, 200, 1, 60, 12);
            assertThat(o.concludedShare())
                    .as(allocation + ": trials that declared a winner")
                    .isLessThanOrEqualTo(0.05);
        }
    }
}
