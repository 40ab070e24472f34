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
}
