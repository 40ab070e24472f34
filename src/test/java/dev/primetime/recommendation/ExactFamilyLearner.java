package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A learner told how the quality bench's audiences are made, for its ceilings: each audience is one of
 * {@link SyntheticAudience#curve}'s shapes (a peak at one hour or two neighbouring hours on some set of days, over a
 * daytime plateau), at an unknown scale and log-normal noise. The exact posterior over the 127 × 48 shapes (uniform
 * prior, the scale integrated out, the noise on a grid); it knows nothing of the platform curves. Not the service's
 * model: a yardstick for how much the bench's history can teach at all.
 */
final class ExactFamilyLearner implements RecommendationQualitySimulation.Learner {
    private static final double[] NOISE_SDS = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    private static final double[][] SHAPES = shapes();
    private static final double[][] LOG_SHAPES = logs(SHAPES);

    private static double[][] shapes() {
        List<double[]> shapes = new ArrayList<>();
        for (int mask = 1; mask < 128; mask++) {
            int days = mask;
            int[] peakDays =
                    IntStream.range(0, 7).filter(d -> (days >> d & 1) == 1).toArray();
            for (int h = 0; h < 24; h++) {
                shapes.add(SyntheticAudience.curve(peakDays, new int[] {h}, 0.1));
                shapes.add(SyntheticAudience.curve(peakDays, new int[] {h, (h + 1) % 24}, 0.1));
            }
        }
        return shapes.toArray(double[][]::new);
    }

    private static double[][] logs(double[][] shapes) {
        double[][] logs = new double[shapes.length][WeeklyCurve.SLOTS];
        for (int k = 0; k < shapes.length; k++) {
            for (int s = 0; s < WeeklyCurve.SLOTS; s++) {
                logs[k][s] = Math.log(shapes[k][s]);
            }
        }
        return logs;
    }

    /** Posterior probability of each shape given the posts. */
    private static double[] posterior(List<EngagementPosterior.Observation> history) {
        int n = history.size();
        double[] weights = new double[SHAPES.length];
        if (n < 2) {
            java.util.Arrays.fill(weights, 1.0 / SHAPES.length);
            return weights;
        }
        double[] y = new double[n];
        int[] slot = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log(Math.max(history.get(i).engagement(), 0.5));
            slot[i] = history.get(i).slot();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < SHAPES.length; k++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - LOG_SHAPES[k][slot[i]];
                sum += r;
                squares += r * r;
            }
            double spread = squares - sum * sum / n; // around the fitted scale, which a flat prior integrates out
            double best = Double.NEGATIVE_INFINITY;
            double[] logLikelihood = new double[NOISE_SDS.length];
            for (int j = 0; j < NOISE_SDS.length; j++) {
                double sd = NOISE_SDS[j];
                logLikelihood[j] = -(n - 1) * Math.log(sd) - spread / (2 * sd * sd);
                best = Math.max(best, logLikelihood[j]);
            }
            double total = 0;
            for (double l : logLikelihood) {
                total += Math.exp(l - best);
            }
            weights[k] = best + Math.log(total);
            max = Math.max(max, weights[k]);
        }
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Math.exp(weights[k] - max);
            total += weights[k];
        }
        for (int k = 0; k < weights.length; k++) {
            weights[k] /= total;
        }
        return weights;
    }

    /**
     * Thompson sampling as explore=true does it, each post the best hour of its own draw with the gap kept, but with
     * plain draws: a posterior over a discrete set of shapes has no spread to halve.
     */
    @Override
    public List<Integer> place(List<EngagementPosterior.Observation> history, int count, Random random) {
        double[] weights = posterior(history);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(RecommendationQualitySimulation.bestApartFrom(SHAPES[drawShape(weights, random)], chosen));
        }
        return chosen;
    }

    private static int drawShape(double[] weights, Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < weights.length; k++) {
            cumulative += weights[k];
            if (u < cumulative) {
                return k;
            }
        }
        return weights.length - 1;
    }

    /** The posterior mean of the audience's curve: what ranks the answer best in expectation. */
    @Override
    public WeeklyCurve forecast(List<EngagementPosterior.Observation> history) {
        double[] weights = posterior(history);
        double[] mean = new double[WeeklyCurve.SLOTS];
        for (int k = 0; k < SHAPES.length; k++) {
            if (weights[k] > 1e-12) {
                for (int s = 0; s < mean.length; s++) {
                    mean[s] += weights[k] * SHAPES[k][s];
                }
            }
        }
        return WeeklyCurve.of(mean);
    }
}
