package dev.primetime.optimization.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact reference is exact: on small random problems with every rule, CP-SAT's proven optimum is the optimum found
 * by trying every placement, and it finds no plan exactly when none exists.
 */
class ExactModelTest {
    @Test
    void cpSatAgreesWithExhaustiveSearchOnSmallProblems() {
        int compared = 0;
        int impossible = 0;
        for (int seed = 0; seed < 150; seed++) {
            SmallProblems.Problem problem = SmallProblems.random(new Random(seed));
            long exhaustive = SmallProblems.optimum(problem.solution());

            ExactModel.Result exact = ExactModel.solveAndScore(problem.solution(), Duration.ofSeconds(20), 1, null);

            if (exhaustive == Long.MIN_VALUE) {
                assertThat(exact.status()).as("seed %d", seed).isEqualTo("INFEASIBLE");
                impossible++;
                continue;
            }
            assertThat(exact.optimal()).as("seed %d", seed).isTrue();
            // the model rounds fatigue per slot pair, the score per post pair: at most the slack apart
            assertThat(exact.objective()).as("seed %d", seed).isBetween(exhaustive - exact.slack(), exhaustive);
            assertThat(exact.bound()).as("seed %d", seed).isGreaterThanOrEqualTo(exhaustive);
            compared++;
        }
        assertThat(compared).isGreaterThan(50);
        assertThat(impossible).isGreaterThan(5);
    }

    /**
     * The fatigue cuts' floor is a floor: however n posts sit in a block of the given span (at least the gap apart),
     * their pairs pay at least what the floor says, with the model's rounded rates; and it is not vacuous (it binds
     * somewhere, or a floor of 0 would pass too).
     */
    @Test
    void fatigueFloorNeverExceedsAnyPlacement() {
        Random random = new Random(7);
        int binding = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int ideal = 60 * (1 + random.nextInt(12));
            int gap = random.nextBoolean() ? 0 : 15 * random.nextInt(ideal / 15 + 1);
            long span = 15L * random.nextInt(2 * ideal / 15 + 1);
            int most = gap > 0 ? (int) Math.min(8, span / gap + 1) : 8;
            if (most < 2) {
                continue;
            }
            int n = 2 + random.nextInt(most - 1);
            long[] at = new long[n];
            boolean placed = false;
            for (int attempt = 0; attempt < 50 && !placed; attempt++) {
                for (int i = 0; i < n; i++) {
                    at[i] = 15L * random.nextInt((int) (span / 15) + 1);
                }
                java.util.Arrays.sort(at);
                placed = true;
                for (int i = 1; i < n; i++) {
                    placed &= at[i] - at[i - 1] >= gap;
                }
                if (trial % 2 == 0 && gap > 0 && (n - 1) * (long) gap <= span) { // and the tightest spread
                    for (int i = 0; i < n; i++) {
                        at[i] = (long) i * gap;
                    }
                    placed = true;
                }
            }
            if (!placed) {
                continue;
            }
            long paid = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    long d = at[j] - at[i];
                    paid += d < ideal ? ExactModel.rate(ideal, d) : 0;
                }
            }
            long floor = ExactModel.floor(ideal, span, most).least(n);
            assertThat(floor)
                    .as("ideal %d gap %d span %d at %s", ideal, gap, span, java.util.Arrays.toString(at))
                    .isLessThanOrEqualTo(paid);
            if (floor > 0 && floor >= paid * 0.8) {
                binding++;
            }
        }
        assertThat(binding).isGreaterThan(100);
    }
}
