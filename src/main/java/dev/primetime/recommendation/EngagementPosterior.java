package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Bayesian engagement model for one tenant, platform and content type, in plain Java.
 *
 * <p>Each post's engagement is log-normal: y = ln(1 + engagement). Per hour-of-week slot the mean of y has a
 * normal prior centred on the platform curve (softened: a platform-wide curve is only a hint about one audience)
 * and anchored at the tenant's median post, so the prior says "your typical post, shaped like the platform".
 * Observations update it conjugately (normal–normal with a pooled noise estimate). A post also informs nearby
 * hours of the same day and the same hour on similar days, with smaller weights, so a few posts already move the
 * hours around them. The posterior gives, per slot, the expected engagement in multiples of the tenant's median
 * post and a 90% credible interval.
 */
final class EngagementPosterior {
    // Prior standard deviations, log units: an audience's hour-of-day pattern may differ from the platform's by
    // about ±50-70%, its days less, and single hours of the week a little on top.
    static final double HOUR_SD = 0.5;
    static final double DAY_SD = 0.3;
    static final double CELL_SD = 0.25;
    static final double KIND_SD = 0.4;
    static final double PRIOR_SOFTENING = 0.5; // how much of the platform curve's log-shape the prior keeps
    static final double NEIGHBOUR_HOUR_WEIGHT = 0.3;
    static final int ITERATIONS = 8;
    static final double DEFAULT_NOISE_VARIANCE = 0.5;
    static final double MIN_NOISE_VARIANCE = 0.05;
    private static final double Z90 = 1.6449;

    /** One post's evidence: where in the week it went out and what it earned. */
    record Observation(int slot, double engagement) {}

    private final double[] mean; // posterior mean of y per slot
    private final double[] variance; // posterior variance of the mean per slot
    private final double noiseVariance;
    private final double baseline; // ln(1 + median engagement)
    private final int observations;

    private EngagementPosterior(
            double[] mean, double[] variance, double noiseVariance, double baseline, int observations) {
        this.mean = mean;
        this.variance = variance;
        this.noiseVariance = noiseVariance;
        this.baseline = baseline;
        this.observations = observations;
    }

    static EngagementPosterior fit(WeeklyCurve prior, List<Observation> posts) {
        int n = posts.size();
        double[] y = new double[n];
        int[] day = new int[n];
        int[] hour = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log1p(Math.max(0, posts.get(i).engagement()));
            day[i] = posts.get(i).slot() / 24;
            hour[i] = posts.get(i).slot() % 24;
        }
        double baseline = n == 0 ? 0 : median(y);

        // The prior's log-shape, split into a day effect, an hour-of-day effect and what is left per slot (a
        // two-way decomposition), then softened: a platform-wide curve is only a hint about one audience.
        double[][] logPrior = new double[7][24];
        double grand = 0;
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                logPrior[d][h] = Math.log(Math.max(prior.get(d * 24 + h), 1e-3));
                grand += logPrior[d][h] / WeeklyCurve.SLOTS;
            }
        }
        double[] priorDay = new double[7];
        double[] priorHour = new double[24];
        double[][] priorCell = new double[7][24];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                priorDay[d] += (logPrior[d][h] - grand) / 24;
                priorHour[h] += (logPrior[d][h] - grand) / 7;
            }
        }
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                priorCell[d][h] = PRIOR_SOFTENING * (logPrior[d][h] - grand - priorDay[d] - priorHour[h]);
            }
            priorDay[d] *= PRIOR_SOFTENING;
        }
        for (int h = 0; h < 24; h++) {
            priorHour[h] *= PRIOR_SOFTENING;
        }
        // Anchor: the prior predicts the tenant's median at the average prior level of the hours it posted in.
        double anchor = 0;
        for (int i = 0; i < n; i++) {
            anchor += priorDay[day[i]] + priorHour[hour[i]] + priorCell[day[i]][hour[i]];
        }
        double level = baseline - (n == 0 ? 0 : anchor / n);

        // Posterior by backfitting: each effect in turn given the others (normal-normal updates). Every post
        // informs its hour on all days, its day at all hours, and its own slot; hours also borrow a little from
        // the neighbouring hours, so a few posts already move the hours around them.
        double[] dayEffect = priorDay.clone();
        double[] hourEffect = priorHour.clone();
        double[][] cellEffect = new double[7][];
        for (int d = 0; d < 7; d++) {
            cellEffect[d] = priorCell[d].clone();
        }
        double noise = DEFAULT_NOISE_VARIANCE;
        double[][] kindEffect = new double[2][24]; // weekday/weekend × hour: "my audience is out on weekend evenings"
        double[][] kindVar = new double[2][24];
        double[] dayVar = new double[7];
        double[] hourVar = new double[24];
        double[][] cellVar = new double[7][24];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            // hour of day, pooled over days, with neighbouring hours at half weight
            double[] sum = new double[24];
            double[] count = new double[24];
            for (int i = 0; i < n; i++) {
                double r = y[i]
                        - level
                        - dayEffect[day[i]]
                        - cellEffect[day[i]][hour[i]]
                        - kindEffect[kind(day[i])][hour[i]];
                for (int dh = -1; dh <= 1; dh++) {
                    int h = (hour[i] + dh + 24) % 24;
                    double w = dh == 0 ? 1.0 : NEIGHBOUR_HOUR_WEIGHT;
                    // a neighbour's post says how the audience compares with the prior there, not its raw level
                    sum[h] += w * (r - priorHour[hour[i]] + priorHour[h]);
                    count[h] += w;
                }
            }
            for (int h = 0; h < 24; h++) {
                double precision = 1 / (HOUR_SD * HOUR_SD) + count[h] / noise;
                hourEffect[h] = (priorHour[h] / (HOUR_SD * HOUR_SD) + sum[h] / noise) / precision;
                hourVar[h] = 1 / precision;
            }
            double[][] kindSum = new double[2][24];
            double[][] kindCount = new double[2][24];
            for (int i = 0; i < n; i++) {
                double r = y[i] - level - dayEffect[day[i]] - hourEffect[hour[i]] - cellEffect[day[i]][hour[i]];
                for (int dh = -1; dh <= 1; dh++) {
                    int h = (hour[i] + dh + 24) % 24;
                    double w = dh == 0 ? 1.0 : NEIGHBOUR_HOUR_WEIGHT;
                    kindSum[kind(day[i])][h] += w * r;
                    kindCount[kind(day[i])][h] += w;
                }
            }
            for (int k = 0; k < 2; k++) {
                for (int h = 0; h < 24; h++) {
                    double precision = 1 / (KIND_SD * KIND_SD) + kindCount[k][h] / noise;
                    kindEffect[k][h] = (kindSum[k][h] / noise) / precision;
                    kindVar[k][h] = 1 / precision;
                }
            }
            double[] daySum = new double[7];
            double[] dayCount = new double[7];
            for (int i = 0; i < n; i++) {
                daySum[day[i]] += y[i]
                        - level
                        - hourEffect[hour[i]]
                        - cellEffect[day[i]][hour[i]]
                        - kindEffect[kind(day[i])][hour[i]];
                dayCount[day[i]] += 1;
            }
            for (int d = 0; d < 7; d++) {
                double precision = 1 / (DAY_SD * DAY_SD) + dayCount[d] / noise;
                dayEffect[d] = (priorDay[d] / (DAY_SD * DAY_SD) + daySum[d] / noise) / precision;
                dayVar[d] = 1 / precision;
            }
            double[][] cellSum = new double[7][24];
            double[][] cellCount = new double[7][24];
            for (int i = 0; i < n; i++) {
                cellSum[day[i]][hour[i]] +=
                        y[i] - level - dayEffect[day[i]] - hourEffect[hour[i]] - kindEffect[kind(day[i])][hour[i]];
                cellCount[day[i]][hour[i]] += 1;
            }
            double squared = 0;
            for (int d = 0; d < 7; d++) {
                for (int h = 0; h < 24; h++) {
                    double precision = 1 / (CELL_SD * CELL_SD) + cellCount[d][h] / noise;
                    cellEffect[d][h] = (priorCell[d][h] / (CELL_SD * CELL_SD) + cellSum[d][h] / noise) / precision;
                    cellVar[d][h] = 1 / precision;
                }
            }
            for (int i = 0; i < n; i++) {
                double r = y[i]
                        - level
                        - dayEffect[day[i]]
                        - hourEffect[hour[i]]
                        - cellEffect[day[i]][hour[i]]
                        - kindEffect[kind(day[i])][hour[i]];
                squared += r * r;
            }
            // Noise from the fit's residuals, shrunk towards the default while there are few posts.
            noise = Math.max(MIN_NOISE_VARIANCE, (squared + DEFAULT_NOISE_VARIANCE * 5) / (n + 5));
        }
        double[] mean = new double[WeeklyCurve.SLOTS];
        double[] variance = new double[WeeklyCurve.SLOTS];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                mean[d * 24 + h] = level + dayEffect[d] + hourEffect[h] + cellEffect[d][h] + kindEffect[kind(d)][h];
                variance[d * 24 + h] = dayVar[d] + hourVar[h] + cellVar[d][h] + kindVar[kind(d)][h];
            }
        }
        return new EngagementPosterior(mean, variance, noise, baseline, n);
    }

    private static int kind(int day) {
        return day >= 5 ? 1 : 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    int observations() {
        return observations;
    }

    /** Expected engagement per slot in multiples of the tenant's median post. */
    WeeklyCurve expected() {
        double[] out = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < out.length; s++) {
            out[s] = relative(mean[s] + variance[s] / 2);
        }
        return WeeklyCurve.of(out);
    }

    WeeklyCurve bound(double z) {
        double[] out = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < out.length; s++) {
            out[s] = relative(mean[s] + z * Math.sqrt(variance[s]));
        }
        return WeeklyCurve.of(out);
    }

    WeeklyCurve lower() {
        return bound(-Z90);
    }

    WeeklyCurve upper() {
        return bound(Z90);
    }

    /** One draw of every slot's mean from the posterior, for Thompson sampling. */
    WeeklyCurve sample(RandomGenerator random) {
        double[] out = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < out.length; s++) {
            out[s] = relative(mean[s] + random.nextGaussian() * Math.sqrt(variance[s]));
        }
        return WeeklyCurve.of(out);
    }

    // Relative to the median post: exp(y - median y) compares (1 + engagement) values, stable when engagement is 0.
    private double relative(double logValue) {
        return Math.exp(logValue - baseline);
    }

    double noiseVariance() {
        return noiseVariance;
    }
}
