package dev.primetime.trial;

import dev.primetime.trial.TrialStatistics.Observed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Repeated simulated trials with known truth, deciding exactly as the service does: posts are allocated one at a
 * time ({@link TrialAllocator}), each post's KPI arrives at once, and the trial looks for a winner after every
 * {@code lookEvery} posts (1 = after every post, the most peeking a trial can do).
 */
final class TrialSimulation {
    /** The truth of one simulated world. */
    sealed interface World permits RateWorld, VaryingRateWorld, CountWorld {
        Observed observe(Observed soFar, int variant, RandomGenerator random);

        boolean rate();

        /** n × the variance of the estimated log ratio of two variants' means after n posts each. */
        double logRatioVariancePerPost(int better, int worse);

        double logRatio(int better, int worse);

        /**
         * The posts per variant the rule is expected to need when {@code better} truly beats {@code worse}: the most
         * of its minimum sample, a single-look design's sample for 90% power (one-sided 5%) against the minimum lift,
         * and the sample that measures the lift to within the minimum lift.
         */
        default int expectedPostsPerVariant(int better, int worse, TrialStatistics.Rule rule) {
            double variance = logRatioVariancePerPost(better, worse);
            double effect = logRatio(better, worse) - Math.log1p(rule.minLift());
            double power = Math.pow(1.6449 + 1.2816, 2) * variance / (effect * effect);
            double precision = variance / Math.pow(TrialStatistics.maxLiftSd(rule.minLift()), 2);
            return (int) Math.ceil(Math.max(rule.minPostsPerVariant(), Math.max(power, precision)));
        }
    }

    /** engagement_rate: each post gets {@code impressions} impressions and Binomial interactions. */
    record RateWorld(double[] rates, int impressions) implements World {
        @Override
        public Observed observe(Observed soFar, int variant, RandomGenerator random) {
            int interactions = new BinomialDistribution(random, impressions, rates[variant]).sample();
            return soFar.plusRate(interactions, impressions);
        }

        @Override
        public boolean rate() {
            return true;
        }

        @Override
        public double logRatioVariancePerPost(int better, int worse) {
            return ((1 - rates[better]) / rates[better] + (1 - rates[worse]) / rates[worse]) / impressions;
        }

        @Override
        public double logRatio(int better, int worse) {
            return Math.log(rates[better] / rates[worse]);
        }
    }

    /**
     * engagement_rate as posts really are: each post's own rate varies around its variant's (log-normal with sd
     * {@code postSd}, mean the variant's rate), then Binomial interactions of its impressions.
     */
    record VaryingRateWorld(double[] rates, int impressions, double postSd) implements World {
        @Override
        public Observed observe(Observed soFar, int variant, RandomGenerator random) {
            double rate = Math.min(1, rates[variant] * Math.exp(postSd * random.nextGaussian() - postSd * postSd / 2));
            int interactions = new BinomialDistribution(random, impressions, rate).sample();
            return soFar.plusRate(interactions, impressions);
        }

        @Override
        public boolean rate() {
            return true;
        }

        @Override
        public double logRatioVariancePerPost(int better, int worse) {
            // the binomial part, plus each post's own rate varying (log-normal: relative variance e^{sd²} − 1)
            return binomial().logRatioVariancePerPost(better, worse) + 2 * (Math.exp(postSd * postSd) - 1);
        }

        @Override
        public double logRatio(int better, int worse) {
            return binomial().logRatio(better, worse);
        }

        private RateWorld binomial() {
            return new RateWorld(rates, impressions);
        }
    }

    /** Counts such as views: log(1 + value) is normal with the variant's mean and a shared sigma. */
    record CountWorld(double[] logMeans, double sigma) implements World {
        @Override
        public Observed observe(Observed soFar, int variant, RandomGenerator random) {
            return soFar.plusCount(Math.expm1(logMeans[variant] + sigma * random.nextGaussian()));
        }

        @Override
        public boolean rate() {
            return false;
        }

        @Override
        public double logRatioVariancePerPost(int better, int worse) {
            // log of the log-normal mean, mu + sigma²/2, is estimated with variance (sigma² + sigma⁴/2)/n per variant
            return 2 * (sigma * sigma + Math.pow(sigma, 4) / 2);
        }

        @Override
        public double logRatio(int better, int worse) {
            return logMeans[better] - logMeans[worse];
        }
    }

    /**
     * What the repetitions gave.
     *
     * @param winners per repetition, the winning variant's index, or -1 when the horizon came first
     * @param posts per repetition, total posts (all variants) when it concluded or stopped
     */
    record Outcome(int[] winners, int[] posts) {
        int repetitions() {
            return winners.length;
        }

        double share(int variant) {
            return (double) Arrays.stream(winners).filter(w -> w == variant).count() / winners.length;
        }

        double concludedShare() {
            return (double) Arrays.stream(winners).filter(w -> w >= 0).count() / winners.length;
        }

        /** Share of repetitions that concluded {@code variant} within {@code totalPosts} posts. */
        double shareOfWithin(int variant, int totalPosts) {
            int n = 0;
            for (int r = 0; r < winners.length; r++) {
                if (winners[r] == variant && posts[r] <= totalPosts) {
                    n++;
                }
            }
            return (double) n / winners.length;
        }

        /** Total posts at conclusion, at the given quantile of the concluded repetitions. */
        double postsQuantile(double q) {
            int[] concluded = java.util.stream.IntStream.range(0, winners.length)
                    .filter(r -> winners[r] >= 0)
                    .map(r -> posts[r])
                    .sorted()
                    .toArray();
            if (concluded.length == 0) {
                return Double.NaN;
            }
            return concluded[(int) Math.min(concluded.length - 1, Math.floor(q * concluded.length))];
        }
    }

    private TrialSimulation() {}

    static Outcome run(
            World world,
            int variants,
            Allocation allocation,
            TrialStatistics.Rule rule,
            int maxPostsTotal,
            int lookEvery,
            int repetitions,
            long seed) {
        int[] winners = new int[repetitions];
        int[] posts = new int[repetitions];
        for (int rep = 0; rep < repetitions; rep++) {
            RandomGenerator random = new Well19937c(seed * 1_000_003L + rep);
            List<Observed> observed = new ArrayList<>();
            for (int v = 0; v < variants; v++) {
                observed.add(Observed.none(String.valueOf((char) ('A' + v))));
            }
            int[] assigned = new int[variants];
            Optional<String> winner = Optional.empty();
            int total = 0;
            while (total < maxPostsTotal && winner.isEmpty()) {
                int v = TrialAllocator.choose(allocation, world.rate(), observed, assigned, rule, random);
                assigned[v]++;
                observed.set(v, world.observe(observed.get(v), v, random));
                total++;
                if (total % lookEvery == 0) {
                    TrialStatistics.Rule look = new TrialStatistics.Rule(
                            rule.minPostsPerVariant(), rule.minLift(), rule.draws(), random.nextLong());
                    winner = TrialStatistics.evaluate(world.rate(), observed, look)
                            .winner();
                }
            }
            winners[rep] = winner.map(w -> w.charAt(0) - 'A').orElse(-1);
            posts[rep] = total;
        }
        return new Outcome(winners, posts);
    }
}
