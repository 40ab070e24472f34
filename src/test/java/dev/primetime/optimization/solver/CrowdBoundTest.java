package dev.primetime.optimization.solver;

import static dev.primetime.optimization.solver.PostBuilder.aPost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.primetime.platform.Platform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The crowd bound's slot problem on crowded slots (dozens of item classes a slot, best sets of more posts than the
 * pass that sets the best aside holds), where {@link UpperBoundTest}'s exhaustive problems (a handful of items) never
 * reach: its first iterate must equal the same relaxation computed by brute force (every k, every item sorted by its
 * value at that k's rate), so the partial sorting and the early stops read everything they must.
 */
class CrowdBoundTest {
    private static final Instant START = Instant.parse("2026-03-07T18:00:00Z");

    @Test
    void theFirstIterateIsTheRelaxationComputedByBruteForce() {
        int deepSlots = 0;
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            int slotCount = 2 + random.nextInt(4);
            List<TimeSlot> slots = new ArrayList<>();
            for (int i = 0; i < slotCount; i++) {
                Instant t = START.plus(Duration.ofMinutes(60L * i));
                slots.add(new TimeSlot(
                        i, t, LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay(), false));
            }
            PlatformRules rules =
                    new PlatformRules(Platform.of("youtube"), 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 30);
            int items = 20 + random.nextInt(60);
            // values from about one to several times a same-minute pair's fatigue, so the best k runs from a few
            // posts to dozens
            double scale = 0.05 + random.nextDouble() * 2;
            List<Post> posts = new ArrayList<>();
            long[] shared = values(random, slotCount, 1.0, scale);
            for (int k = 0; k < items; k++) {
                boolean alike = random.nextInt(4) == 0; // a class of several items (tied prices)
                double weight = alike ? 1.0 : 0.5 + random.nextInt(101) / 100.0;
                List<TimeSlot> allowed = new ArrayList<>();
                for (TimeSlot s : slots) {
                    if (alike || s.index() == 0 || random.nextInt(5) != 0) {
                        allowed.add(s);
                    }
                }
                posts.add(aPost("item-" + k)
                        .on(rules)
                        .weighing(weight)
                        .worth(alike ? shared : values(random, slotCount, weight, scale))
                        .allowedAt(allowed)
                        .build());
            }
            PlatformBound platform = new PlatformBound(rules, posts, 60, Map.of(), slotCount, List.of());
            double[] noCaps = new double[platform.capacity.length];
            // prices read off a plan that crowds the items into few slots: its pairs' fatigue lowers them, so
            // at those prices slots take many posts
            int[] placedAt = new int[platform.items];
            for (int i = 0; i < platform.items; i++) {
                placedAt[i] = platform.slotIndex[i][random.nextInt(Math.min(2, platform.slotIndex[i].length))];
            }
            // one iteration: the bound of the starting prices, before any step
            double bound =
                    CrowdBound.of(platform, noCaps, placedAt, 0, 1, () -> false).bound();
            LagrangePrices prices = new LagrangePrices(platform, noCaps, platform.classes());
            prices.startFrom(platform.planPrices(placedAt, prices.lambda));
            double[] mu = prices.mu;
            double expected = 0;
            for (int i = 0; i < platform.items; i++) {
                if (platform.values[i].length > 0) {
                    expected += mu[i];
                }
            }
            double h = ScheduleConstraints.FATIGUE / 2 * ScheduleConstraints.SCALE;
            for (int t = 0; t < slotCount; t++) {
                double best = 0;
                int bestK = 0;
                for (int k = 1; ; k++) {
                    Double value = topK(platform, mu, t, k, (k - 1) * h);
                    if (value == null) {
                        break;
                    }
                    double total = value + 0.5 * k * (k - 1) / 2.0;
                    if (total > best) {
                        best = total;
                        bestK = k;
                    }
                }
                deepSlots += bestK > 16 ? 1 : 0;
                expected += best;
            }
            assertThat(bound).as("seed %d", seed).isCloseTo(expected, within(1e-3));
        }
        // the brute force must have checked sets larger than the set-aside front
        assertThat(deepSlots).isGreaterThan(5);
    }

    /** The k best of {@code value − μ − rate·weight} over the items allowed at slot t; null if fewer than k. */
    private static Double topK(PlatformBound platform, double[] mu, int t, int k, double rate) {
        List<Double> here = new ArrayList<>();
        for (int i = 0; i < platform.items; i++) {
            for (int s = 0; s < platform.slotIndex[i].length; s++) {
                if (platform.slotIndex[i][s] == t) {
                    here.add(platform.values[i][s] - platform.fixedFatigue[i][s] - mu[i] - rate * platform.weight[i]);
                }
            }
        }
        if (here.size() < k) {
            return null;
        }
        here.sort(Comparator.reverseOrder());
        return here.subList(0, k).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static long[] values(Random random, int slots, double weight, double scale) {
        long[] values = new long[slots];
        Arrays.setAll(values, s -> Math.round((1 + random.nextDouble()) * scale * weight * ScheduleConstraints.SCALE));
        return values;
    }
}
