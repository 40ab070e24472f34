package dev.primetime.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.primetime.trial.TrialStatistics.Evaluation;
import dev.primetime.trial.TrialStatistics.Observed;
import dev.primetime.trial.TrialStatistics.Rule;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class TrialStatisticsTest {
    private static final Rule RULE = new Rule(10, 0.05, 20_000, 1);

    private static Observed rate(String label, int posts, double interactionsPerPost, double impressionsPerPost) {
        Observed o = Observed.none(label);
        for (int i = 0; i < posts; i++) {
            o = o.plusRate(interactionsPerPost, impressionsPerPost);
        }
        return o;
    }

    private static Observed counts(String label, double... values) {
        Observed o = Observed.none(label);
        for (double v : values) {
            o = o.plusCount(v);
        }
        return o;
    }

    @Test
    void rateVariantsHaveTheBetaPosteriorMeanAndInterval() {
        Evaluation e = TrialStatistics.evaluate(true, List.of(rate("A", 10, 50, 1000), rate("B", 10, 60, 1000)), RULE);
        BetaDistribution a = new BetaDistribution(1 + 500, 1 + 9500);
        var resultA = e.variants().get(0);
        assertThat(resultA.mean()).isCloseTo(a.getNumericalMean(), within(2e-4));
        assertThat(resultA.lower95()).isCloseTo(a.inverseCumulativeProbability(0.025), within(5e-4));
        assertThat(resultA.upper95()).isCloseTo(a.inverseCumulativeProbability(0.975), within(5e-4));
        assertThat(resultA.posts()).isEqualTo(10);
    }

    @Test
    void aClearlyBetterVariantWinsOnceEveryVariantHasItsMinimumSample() {
        Evaluation e =
                TrialStatistics.evaluate(true, List.of(rate("A", 20, 300, 10_000), rate("B", 20, 400, 10_000)), RULE);
        assertThat(e.winner()).contains("B");
        assertThat(e.variants().get(1).probabilityBest()).isGreaterThan(0.99);
        assertThat(e.variants().get(0).probabilityBest() + e.variants().get(1).probabilityBest())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void noWinnerBeforeTheMinimumSampleHoweverLargeTheDifference() {
        Evaluation e =
                TrialStatistics.evaluate(true, List.of(rate("A", 9, 300, 100_000), rate("B", 12, 900, 100_000)), RULE);
        assertThat(e.variants().get(1).probabilityBestByMinLift()).isGreaterThan(0.99);
        assertThat(e.winner()).isEmpty();
    }

    @Test
    void equalVariantsShareTheProbabilityOfBeingBest() {
        Evaluation e = TrialStatistics.evaluate(
                true, List.of(rate("A", 30, 40, 1000), rate("B", 30, 40, 1000), rate("C", 30, 40, 1000)), RULE);
        e.variants().forEach(v -> assertThat(v.probabilityBest()).isCloseTo(1.0 / 3, within(0.02)));
        assertThat(e.winner()).isEmpty();
    }

    @Test
    void aSmallLiftMeasuredPreciselyDoesNotWinBelowTheMinimumLift() {
        // B is 2% better, known to within a fraction of a percent: best, but not by the 5% worth acting on.
        Evaluation e = TrialStatistics.evaluate(
                true, List.of(rate("A", 500, 5000, 100_000), rate("B", 500, 5100, 100_000)), RULE);
        assertThat(e.variants().get(1).probabilityBest()).isGreaterThan(0.99);
        assertThat(e.variants().get(1).probabilityBestByMinLift()).isLessThan(0.05);
        assertThat(e.winner()).isEmpty();
    }

    @Test
    void anImpreciseLiftOnNoisyCountsDoesNotWinYet() {
        // 12 posts of views spread over two orders of magnitude: B looks three times better but the lift is known only
        // to ±50%.
        double[] a = {100, 300, 1000, 3000, 200, 800, 150, 2500, 400, 900, 600, 1200};
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] * 3;
        }
        Evaluation e = TrialStatistics.evaluate(false, List.of(counts("A", a), counts("B", b)), RULE);
        assertThat(e.variants().get(1).probabilityBest()).isGreaterThan(0.9);
        assertThat(e.liftSd()).isGreaterThan(TrialStatistics.maxLiftSd(0.05));
        assertThat(e.winner()).isEmpty();
    }

    @Test
    void countMeansFollowTheLogNormalMean() {
        Well19937c random = new Well19937c(3);
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.expm1(Math.log(1000) + 0.8 * random.nextGaussian());
        }
        Evaluation e = TrialStatistics.evaluate(false, List.of(counts("A", values), counts("B", values)), RULE);
        double truth = Math.exp(Math.log(1000) + 0.32) - 1;
        assertThat(e.variants().get(0).mean()).isCloseTo(truth, within(0.05 * truth));
        assertThat(e.variants().get(0).lower95()).isLessThan(truth);
        assertThat(e.variants().get(0).upper95()).isGreaterThan(truth);
    }

    @Test
    void theSameDataAndSeedGiveTheSameAnswer() {
        List<Observed> data = List.of(rate("A", 15, 35, 1000), rate("B", 15, 41, 1000));
        assertThat(TrialStatistics.evaluate(true, data, RULE)).isEqualTo(TrialStatistics.evaluate(true, data, RULE));
        assertThat(TrialStatistics.evaluate(true, data, new Rule(10, 0.05, 20_000, 2)))
                .isNotEqualTo(TrialStatistics.evaluate(true, data, RULE));
    }

    @Test
    void allocationFillsEveryVariantsMinimumEvenlyThenSplitsBetweenTheTopTwo() {
        Rule rule = new Rule(3, 0.05, 1000, 1);
        Well19937c random = new Well19937c(5);
        List<Observed> none = List.of(Observed.none("A"), Observed.none("B"));
        int[] assigned = new int[2];
        for (int i = 0; i < 6; i++) {
            assigned[TrialAllocator.choose(Allocation.THOMPSON, true, none, assigned, rule, random)]++;
        }
        assertThat(assigned).containsExactly(3, 3);
        // top-two: the leader's draw gets about half, the runner-up of a fresh draw the rest; a clear loser almost none
        List<Observed> leaderB = List.of(rate("A", 30, 20, 1000), rate("B", 30, 60, 1000), rate("C", 30, 57, 1000));
        int[] toVariant = new int[3];
        for (int i = 0; i < 400; i++) {
            toVariant[
                    TrialAllocator.choose(Allocation.THOMPSON, true, leaderB, new int[] {30, 30, 30}, rule, random)]++;
        }
        assertThat(toVariant[0]).isLessThan(8);
        assertThat(toVariant[1]).isGreaterThan(150);
        assertThat(toVariant[2]).isGreaterThan(150);
        int[] uniform = {30, 30, 30};
        for (int i = 0; i < 15; i++) {
            uniform[TrialAllocator.choose(Allocation.UNIFORM, true, leaderB, uniform, rule, random)]++;
        }
        assertThat(uniform).containsExactly(35, 35, 35);
    }

    @Test
    void onlyARunningTrialMovesAndOnlyToStoppedOrConcluded() {
        assertThat(TrialStatus.RUNNING.canMoveTo(TrialStatus.STOPPED)).isTrue();
        assertThat(TrialStatus.RUNNING.canMoveTo(TrialStatus.CONCLUDED)).isTrue();
        assertThat(TrialStatus.STOPPED.canMoveTo(TrialStatus.CONCLUDED)).isFalse();
        assertThat(TrialStatus.CONCLUDED.canMoveTo(TrialStatus.STOPPED)).isFalse();
        assertThat(TrialStatus.RUNNING.canMoveTo(TrialStatus.RUNNING)).isFalse();
    }
}
