package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The curve's 90% interval on long synthetic histories whose level drifts (issue 18): the six audiences of
 * bench/recommendation-quality, WEEKS weeks of POSTS_PER_WEEK posts at habitual hours, then the share of posts over
 * the next HELD_OUT_WEEKS weeks inside the interval fitted on the history. Levels: stationary, a random walk, and
 * independent month-to-month swings (which do not wander off).
 *
 * <p>Usage: DriftCalibrationSimulation [runs per audience and level, default 40]
 */
final class DriftCalibrationSimulation {
    static final int WEEKS = 40;
    static final int POSTS_PER_WEEK = 9;
    static final int HELD_OUT_WEEKS = 12;

    /** How the level moves: its value (log units) on each day from the first post. */
    @FunctionalInterface
    interface Level {
        double[] path(int days, Random random);
    }

    static final Level STATIONARY = (days, random) -> new double[days];

    /** A random walk whose steps over 30 days have standard deviation {@code monthly}. */
    static Level randomWalk(double monthly) {
        return (days, random) -> {
            double[] level = new double[days];
            double step = monthly / Math.sqrt(30);
            for (int d = 1; d < days; d++) {
                level[d] = level[d - 1] + step * random.nextGaussian();
            }
            return level;
        };
    }

    /** Each 30-day month its own level, independent, standard deviation {@code sd}. */
    static Level monthly(double sd) {
        return (days, random) -> {
            double[] level = new double[days];
            double current = 0;
            for (int d = 0; d < days; d++) {
                if (d % 30 == 0) {
                    current = sd * random.nextGaussian();
                }
                level[d] = current;
            }
            return level;
        };
    }

    /** One run: the history and the posts after it, each with its day. */
    record Run(List<EngagementPosterior.Observation> history, List<EngagementPosterior.Observation> later) {}

    static Run run(SyntheticAudience audience, Level level, long seed) {
        Random random = new Random(seed);
        int days = 7 * (WEEKS + HELD_OUT_WEEKS);
        double[] path = level.path(days, random);
        List<EngagementPosterior.Observation> history = new ArrayList<>();
        List<EngagementPosterior.Observation> later = new ArrayList<>();
        for (int week = 0; week < WEEKS + HELD_OUT_WEEKS; week++) {
            for (int i = 0; i < POSTS_PER_WEEK; i++) {
                int slot = random.nextInt(7) * 24 + 7 + random.nextInt(16); // habit: any day, 07:00-22:00
                int day = 7 * week + slot / 24;
                double engagement = audience.post(slot, random).engagement();
                var post = new EngagementPosterior.Observation(
                        slot, (1 + engagement) * Math.exp(path[day]) - 1, day + (slot % 24) / 24.0);
                (week < WEEKS ? history : later).add(post);
            }
        }
        history.sort(java.util.Comparator.comparingDouble(EngagementPosterior.Observation::day));
        return new Run(history, later);
    }

    /** Of the later posts, how many fall inside the interval the service shows (its own drift allowance). */
    static int inside(EngagementPosterior posterior, Run run) {
        return inside(posterior.predictiveLower(), posterior.predictiveUpper(), posterior, run);
    }

    private static int inside(WeeklyCurve lower, WeeklyCurve upper, EngagementPosterior posterior, Run run) {
        int inside = 0;
        for (var post : run.later()) {
            double r = posterior.relativeOutcome(post.engagement());
            inside += r >= lower.get(post.slot()) && r <= upper.get(post.slot()) ? 1 : 0;
        }
        return inside;
    }

    /** Of the later posts, how many fall inside the interval with the drift allowance at a horizon (NaN: none). */
    static int inside(EngagementPosterior posterior, Run run, double horizon) {
        double d = Double.isNaN(horizon) ? 0 : posterior.drift().variance(horizon);
        return inside(
                posterior.predictive(-posterior.lowerZ(), d),
                posterior.predictive(posterior.upperZ(), d),
                posterior,
                run);
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Map<String, WeeklyCurve> priors = SyntheticAudience.platformCurves();
        var tenants = RecommendationQualitySimulation.tenants();
        Map<String, Level> levels = new java.util.LinkedHashMap<>();
        levels.put("stationary", STATIONARY);
        levels.put("random walk, 0.15 per month", randomWalk(0.15));
        levels.put("random walk, 0.3 per month", randomWalk(0.3));
        levels.put("month-to-month swings, sd 0.3", monthly(0.3));
        double[] horizons = {Double.NaN, 0, EngagementPosterior.HORIZON_DAYS, 90};
        System.out.printf(
                Locale.ROOT,
                "%d audiences x %d runs: %d weeks of history at %d posts/week, the next %d weeks scored;"
                        + " share inside the 90%% interval without the drift allowance (none) and with it at horizons"
                        + " (h=%d is the service's)%n",
                tenants.size(),
                runs,
                WEEKS,
                POSTS_PER_WEEK,
                HELD_OUT_WEEKS,
                (int) EngagementPosterior.HORIZON_DAYS);
        System.out.printf(Locale.ROOT, "%-32s", "level");
        for (double h : horizons) {
            System.out.printf(Locale.ROOT, " %9s", Double.isNaN(h) ? "none" : "h=" + (int) h);
        }
        System.out.printf(Locale.ROOT, " %12s %12s %12s%n", "mean q/day", "mean swings", "mean drift");
        for (var level : levels.entrySet()) {
            long[] inside = new long[horizons.length];
            long scored = 0;
            double rate = 0;
            double swings = 0;
            double drift = 0;
            for (int t = 0; t < tenants.size(); t++) {
                WeeklyCurve prior = priors.get(tenants.get(t).platform());
                for (int r = 0; r < runs; r++) {
                    Run run = run(tenants.get(t).audience(), level.getValue(), 1000L * t + r);
                    EngagementPosterior posterior = EngagementPosterior.fit(prior, run.history());
                    for (int h = 0; h < horizons.length; h++) {
                        inside[h] += inside(posterior, run, horizons[h]);
                    }
                    scored += run.later().size();
                    rate += posterior.drift().rate() / (runs * tenants.size());
                    swings += posterior.drift().swings() / (runs * tenants.size());
                    drift += posterior.driftVariance() / (runs * tenants.size());
                }
            }
            System.out.printf(Locale.ROOT, "%-32s", level.getKey());
            for (long i : inside) {
                System.out.printf(Locale.ROOT, " %8.1f%%", 100.0 * i / scored);
            }
            System.out.printf(Locale.ROOT, " %12.5f %12.4f %12.4f%n", rate, swings, drift);
        }
    }
}
