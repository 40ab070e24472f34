package dev.primetime.trial;

import dev.primetime.trial.TrialStatistics.Observed;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/** Places one new post into a variant. */
final class TrialAllocator {
    private TrialAllocator() {}

    /**
     * @param assigned posts already placed per variant (whether or not their KPIs have arrived)
     * @return the index of the chosen variant
     */
    static int choose(
            Allocation allocation,
            boolean rate,
            List<Observed> observed,
            int[] assigned,
            TrialStatistics.Rule rule,
            RandomGenerator random) {
        int fewest = 0;
        for (int v = 1; v < assigned.length; v++) {
            if (assigned[v] < assigned[fewest]) {
                fewest = v;
            }
        }
        // Thompson sampling would starve a variant that looks poor after its first few posts, and a trial cannot
        // conclude before every variant has its minimum sample: fill that first, evenly.
        if (allocation == Allocation.UNIFORM || assigned[fewest] < rule.minPostsPerVariant()) {
            return fewest;
        }
        // Top-two Thompson sampling (Russo 2016): half the posts go to the draw's leader, half to the runner-up of
        // a fresh draw. Plain Thompson starves the runner-up, and a trial concludes only when the lift between the
        // two leaders is measured precisely, which needs posts on both.
        int[] ranked = TrialStatistics.thompsonRanking(rate, observed, random);
        if (random.nextBoolean() || ranked.length < 2) {
            return ranked[0];
        }
        int[] challenger = TrialStatistics.thompsonRanking(rate, observed, random);
        return challenger[0] != ranked[0] ? challenger[0] : challenger[1];
    }
}
