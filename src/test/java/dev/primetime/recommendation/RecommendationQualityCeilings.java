package dev.primetime.recommendation;

import dev.primetime.platform.WeeklyCurve;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * How far the quality bench's 8 weeks of history can take any learner (bench/recommendation-quality-ceilings runs
 * it): the service's model and a learner told the simulator's exact family of audiences ({@link
 * ExactFamilyLearner}), each once with its recommended posts placed by Thompson sampling (as explore=true) and once
 * by an oracle that puts them at the audience's truly best hours; the model also by confidence bounds (as
 * explore=true&amp;exploration=bounds). Same tenants, habits, noise and seeds as the
 * bench.
 */
public final class RecommendationQualityCeilings {
    private static final int WEEKS = 8;

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Map<String, WeeklyCurve> priors = SyntheticAudience.platformCurves();
        List<RecommendationQualitySimulation.Tenant> tenants = RecommendationQualitySimulation.tenants();
        ExactFamilyLearner exact = new ExactFamilyLearner();
        Map<
                        String,
                        BiFunction<
                                RecommendationQualitySimulation.Tenant,
                                WeeklyCurve,
                                RecommendationQualitySimulation.Learner>>
                learners = new java.util.LinkedHashMap<>();
        learners.put("model, Thompson", (t, prior) -> RecommendationQualitySimulation.model(prior));
        learners.put("model, bounds", (t, prior) -> RecommendationQualitySimulation.bounds(prior));
        learners.put("model, oracle", (t, prior) -> placedByOracle(RecommendationQualitySimulation.model(prior), t));
        learners.put("exact family, Thompson", (t, prior) -> exact);
        learners.put("exact family, oracle", (t, prior) -> placedByOracle(exact, t));
        System.out.printf(
                Locale.ROOT,
                "Share of the oracle's engagement captured after %d weeks (%d runs each): who places the recommended"
                        + " posts, and what learns from them%n",
                WEEKS,
                repetitions);
        System.out.printf(Locale.ROOT, "%-24s", "");
        tenants.forEach(t -> System.out.printf(Locale.ROOT, " %13s", abbreviate(t.name())));
        System.out.printf(Locale.ROOT, " %8s%n", "MEAN");
        for (var learner : learners.entrySet()) {
            System.out.printf(Locale.ROOT, "%-24s", learner.getKey());
            double mean = 0;
            for (int t = 0; t < tenants.size(); t++) {
                RecommendationQualitySimulation.Tenant tenant = tenants.get(t);
                WeeklyCurve prior = priors.get(tenant.platform());
                RecommendationQualitySimulation.Learner l = learner.getValue().apply(tenant, prior);
                long base = 1000L * t;
                double share = IntStream.range(0, repetitions)
                                .parallel()
                                .mapToDouble(rep -> RecommendationQualitySimulation.simulate(
                                                tenant, l, prior, new int[] {WEEKS}, base + rep)
                                        .getFirst()
                                        .model())
                                .sum()
                        / repetitions;
                mean += share / tenants.size();
                System.out.printf(Locale.ROOT, " %12.1f%%", 100 * share);
            }
            System.out.printf(Locale.ROOT, " %7.1f%%%n", 100 * mean);
        }
    }

    /** The same learner, its recommended posts put at the audience's truly best hours instead. */
    private static RecommendationQualitySimulation.Learner placedByOracle(
            RecommendationQualitySimulation.Learner learner, RecommendationQualitySimulation.Tenant tenant) {
        double[] truth = new double[WeeklyCurve.SLOTS];
        for (int s = 0; s < truth.length; s++) {
            truth[s] = tenant.audience().truth(s);
        }
        return new RecommendationQualitySimulation.Learner() {
            @Override
            public List<Integer> place(List<EngagementPosterior.Observation> history, int count, Random random) {
                return SyntheticAudience.top(truth, count, RecommendationQualitySimulation.GAP_HOURS);
            }

            @Override
            public WeeklyCurve forecast(List<EngagementPosterior.Observation> history) {
                return learner.forecast(history);
            }
        };
    }

    private static String abbreviate(String name) {
        return name.length() <= 13 ? name : name.substring(0, 13);
    }
}
