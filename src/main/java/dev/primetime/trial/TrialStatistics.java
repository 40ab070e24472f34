package dev.primetime.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The statistics of a trial, pure and seeded so the same data and seed always give the same answer.
 *
 * <p>Models. {@code engagement_rate}: Beta(1, 1) prior on the interaction probability of one impression, updated
 * with the variant's summed interactions and impressions (Beta–Binomial), each divided by how much more the posts'
 * rates vary than binomial noise (quasi-binomial dispersion, pooled over the variants). Counts: the per-post values y =
 * log(1 + value) are normal with unknown mean and variance under a Normal–Inverse-Gamma prior centred on all the
 * trial's posts (worth one post, the same for every variant, so it favours none); the compared quantity is the mean
 * on the original scale, exp(μ + σ²/2) − 1.
 *
 * <p>Decision. The probability of being best is estimated by Monte Carlo over joint posterior draws. A variant wins
 * when (1) it beats every other by at least {@code minLift} (relative) with probability ≥ 0.95, (2) every variant has
 * {@code minPostsPerVariant} observed posts and (3) the lift between the two leading variants is measured to within
 * {@code minLift}: the posterior standard deviation of their log ratio is at most log(1 + minLift) / 1.5. Plain "best with
 * probability ≥ 0.95", checked after every post, declares a winner between two equal variants far more often than
 * 5% of the time (one look alone does so about 10% of the time for two variants). A fixed minimum sample is not
 * enough either: on noisy metrics such as views, 30 posts still leave the lift uncertain by ±30%. Requiring the
 * precision (3) scales the evidence to the metric's noise, so the null rate stays under 5% (bench/trials).
 */
final class TrialStatistics {
    static final double WIN_PROBABILITY = 0.95;
    static final int DEFAULT_DRAWS = 10_000;

    private TrialStatistics() {}

    /**
     * The most uncertainty (posterior sd of the leaders' log ratio) a conclusion tolerates. At log(1 + minLift) the
     * null rate, looking after every post for 10 times the first eligible sample, was 6.7% (4 of 60 simulated
     * trials); two thirds of it puts the first eligible look at z ≥ 3.1 under the null.
     */
    static double maxLiftSd(double minLift) {
        return Math.log1p(minLift) / 1.5;
    }

    /**
     * What one variant has observed so far.
     *
     * @param posts posts with a value for the metric
     * @param successes interactions summed over posts (rates only)
     * @param exposures impressions summed over posts (rates only)
     * @param sumLog sum of log(1 + value) (counts only)
     * @param sumSquaredLog sum of log(1 + value)² (counts only)
     * @param sumSquaredSuccessesPerExposure sum over posts of interactions² / impressions (rates only: with the sums
     *     above it gives how much more the posts' rates vary than binomial noise alone would make them)
     */
    record Observed(
            String label,
            int posts,
            double successes,
            double exposures,
            double sumLog,
            double sumSquaredLog,
            double sumSquaredSuccessesPerExposure) {
        static Observed none(String label) {
            return new Observed(label, 0, 0, 0, 0, 0, 0);
        }

        Observed plusRate(double interactions, double impressions) {
            double s = Math.min(interactions, impressions);
            return new Observed(
                    label,
                    posts + 1,
                    successes + s,
                    exposures + impressions,
                    0,
                    0,
                    sumSquaredSuccessesPerExposure + (impressions > 0 ? s * s / impressions : 0));
        }

        Observed plusCount(double value) {
            double y = Math.log1p(value);
            return new Observed(label, posts + 1, 0, 0, sumLog + y, sumSquaredLog + y * y, 0);
        }
    }

    /** When a trial may conclude, and how precisely P(best) is estimated. */
    record Rule(int minPostsPerVariant, double minLift, int draws, long seed) {}

    record VariantResult(
            String label,
            int posts,
            double mean,
            double lower95,
            double upper95,
            double probabilityBest,
            double probabilityBestByMinLift) {}

    /**
     * @param liftSd posterior standard deviation of the log ratio between the two variants with the highest means
     */
    record Evaluation(List<VariantResult> variants, double liftSd, Optional<String> winner) {}

    static Evaluation evaluate(boolean rate, List<Observed> observed, Rule rule) {
        RandomGenerator random = new Well19937c(rule.seed());
        List<Posterior> posteriors = posteriors(rate, observed, random);
        int k = observed.size();
        double[][] draws = new double[k][rule.draws()];
        for (int d = 0; d < rule.draws(); d++) {
            for (int v = 0; v < k; v++) {
                draws[v][d] = posteriors.get(v).draw();
            }
        }
        int[] best = new int[k];
        int[] bestByLift = new int[k];
        for (int d = 0; d < rule.draws(); d++) {
            int top = 0;
            for (int v = 1; v < k; v++) {
                if (draws[v][d] > draws[top][d]) {
                    top = v;
                }
            }
            double runnerUp = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < k; v++) {
                if (v != top) {
                    runnerUp = Math.max(runnerUp, draws[v][d]);
                }
            }
            best[top]++;
            if (draws[top][d] > runnerUp * (1 + rule.minLift())) {
                bestByLift[top]++;
            }
        }
        double[] means = new double[k];
        for (int v = 0; v < k; v++) {
            means[v] = Arrays.stream(draws[v]).average().orElse(0);
        }
        double liftSd = leadingLiftSd(rate, draws, means);
        List<VariantResult> results = new ArrayList<>();
        boolean enough = observed.stream().allMatch(o -> o.posts() >= rule.minPostsPerVariant())
                && liftSd <= maxLiftSd(rule.minLift());
        String winner = null;
        for (int v = 0; v < k; v++) {
            double[] sorted = draws[v].clone();
            Arrays.sort(sorted);
            double pBest = (double) best[v] / rule.draws();
            double pBestByLift = (double) bestByLift[v] / rule.draws();
            results.add(new VariantResult(
                    observed.get(v).label(),
                    observed.get(v).posts(),
                    means[v],
                    quantile(sorted, 0.025),
                    quantile(sorted, 0.975),
                    pBest,
                    pBestByLift));
            if (enough && pBestByLift >= WIN_PROBABILITY) {
                winner = observed.get(v).label();
            }
        }
        return new Evaluation(results, liftSd, Optional.ofNullable(winner));
    }

    private static double leadingLiftSd(boolean rate, double[][] draws, double[] means) {
        if (means.length < 2) {
            return 0;
        }
        int first = 0;
        for (int v = 1; v < means.length; v++) {
            if (means[v] > means[first]) {
                first = v;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int v = 0; v < means.length; v++) {
            if (v != first && means[v] > means[second]) {
                second = v;
            }
        }
        int n = draws[first].length;
        double sum = 0;
        double sumSq = 0;
        for (int d = 0; d < n; d++) {
            double ratio = logScale(rate, draws[first][d]) - logScale(rate, draws[second][d]);
            sum += ratio;
            sumSq += ratio * ratio;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    }

    // Rates are in (0, 1); count means are ≥ −1 by construction (expm1), so log1p keeps them finite.
    private static double logScale(boolean rate, double value) {
        return rate ? Math.log(Math.max(value, 1e-12)) : Math.log1p(Math.max(value, 0));
    }

    /** One posterior draw per variant; the variants' indexes from the highest draw to the lowest. */
    static int[] thompsonRanking(boolean rate, List<Observed> observed, RandomGenerator random) {
        List<Posterior> posteriors = posteriors(rate, observed, random);
        double[] drawn = new double[posteriors.size()];
        for (int v = 0; v < drawn.length; v++) {
            drawn[v] = posteriors.get(v).draw();
        }
        return java.util.stream.IntStream.range(0, drawn.length)
                .boxed()
                .sorted((x, y) -> Double.compare(drawn[y], drawn[x]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double quantile(double[] sorted, double q) {
        int i = (int) Math.floor(q * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static List<Posterior> posteriors(boolean rate, List<Observed> observed, RandomGenerator random) {
        if (rate) {
            // Impressions are not independent trials: posts differ in rate beyond binomial noise, so the counts are
            // worth less than their size (quasi-binomial). Without this, two equal variants with thousands of
            // impressions a post looked measured to a few percent after ten posts each and concluded falsely.
            double dispersion = dispersion(observed);
            return observed.stream()
                    .<Posterior>map(o -> new BetaRate(new BetaDistribution(
                            random,
                            1 + o.successes() / dispersion,
                            1 + Math.max(0, o.exposures() - o.successes()) / dispersion,
                            BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)))
                    .toList();
        }
        // The shared prior: centred on every post of the trial, so it pulls all variants alike.
        double n = 0;
        double sum = 0;
        double sumSq = 0;
        for (Observed o : observed) {
            n += o.posts();
            sum += o.sumLog();
            sumSq += o.sumSquaredLog();
        }
        double priorMean = n > 0 ? sum / n : 0;
        double priorVariance = n > 1 ? Math.max(1e-6, (sumSq - n * priorMean * priorMean) / (n - 1)) : 1;
        return observed.stream()
                .<Posterior>map(o -> LogNormalMean.of(o, priorMean, priorVariance, random))
                .toList();
    }

    /**
     * How many times the binomial variance the posts' rates vary around their variant's rate: Pearson's χ² over its
     * degrees of freedom, pooled over the variants (at least 1: fewer than two posts a variant say nothing).
     */
    static double dispersion(List<Observed> observed) {
        double chiSquare = 0;
        int degrees = 0;
        for (Observed o : observed) {
            if (o.posts() < 2 || o.exposures() <= 0) {
                continue;
            }
            double p = o.successes() / o.exposures();
            if (p <= 0 || p >= 1) {
                continue;
            }
            // Σ (sᵢ − eᵢp)² / (eᵢ p (1 − p)), from the sums
            double squares = o.sumSquaredSuccessesPerExposure() - 2 * p * o.successes() + p * p * o.exposures();
            chiSquare += Math.max(0, squares) / (p * (1 - p));
            degrees += o.posts() - 1;
        }
        return degrees == 0 ? 1 : Math.max(1, chiSquare / degrees);
    }

    /** A posterior of the quantity compared between variants. */
    private sealed interface Posterior permits BetaRate, LogNormalMean {
        double draw();
    }

    private record BetaRate(BetaDistribution beta) implements Posterior {
        @Override
        public double draw() {
            return beta.sample();
        }
    }

    /** Normal–Inverse-Gamma posterior of (μ, σ²) of log(1 + value); a draw is exp(μ + σ²/2) − 1. */
    private record LogNormalMean(double mean, double kappa, GammaDistribution precision, RandomGenerator random)
            implements Posterior {
        private static final double PRIOR_KAPPA = 1;
        private static final double PRIOR_ALPHA = 2;

        static LogNormalMean of(Observed o, double priorMean, double priorVariance, RandomGenerator random) {
            int n = o.posts();
            double ybar = n > 0 ? o.sumLog() / n : 0;
            double squares = n > 0 ? Math.max(0, o.sumSquaredLog() - n * ybar * ybar) : 0;
            double kappa = PRIOR_KAPPA + n;
            double mean = (PRIOR_KAPPA * priorMean + n * ybar) / kappa;
            double alpha = PRIOR_ALPHA + n / 2.0;
            // β0 = prior variance × (α0 − 1) makes the prior's expected σ² the pooled variance.
            double beta = priorVariance * (PRIOR_ALPHA - 1)
                    + squares / 2
                    + PRIOR_KAPPA * n * (ybar - priorMean) * (ybar - priorMean) / (2 * kappa);
            return new LogNormalMean(
                    mean,
                    kappa,
                    new GammaDistribution(random, alpha, 1 / beta, GammaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY),
                    random);
        }

        @Override
        public double draw() {
            double variance = 1 / precision.sample();
            double mu = mean + random.nextGaussian() * Math.sqrt(variance / kappa);
            return Math.expm1(mu + variance / 2);
        }
    }
}
