package dev.primetime.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.platform.WeeklyCurve;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChallengersAndDefendersTest {
    private static final int[] ONE_WEEK = IntStream.range(0, WeeklyCurve.SLOTS).toArray();

    /** {@code base} in every hour of a window but at the given hours (pairs of hour and value). */
    private static double[] values(int hours, double base, double... hourValuePairs) {
        double[] values = new double[hours];
        Arrays.fill(values, base);
        for (int i = 0; i < hourValuePairs.length; i += 2) {
            values[(int) hourValuePairs[i]] = hourValuePairs[i + 1];
        }
        return values;
    }

    @Test
    void alternatesTheHourThatCouldMostBeatTheAnswerAndTheAnswersHourLeastSureToBelong() {
        // the answer without exploring: hours 0, 20 and 40; hour 20 is the one it is least sure of
        double[] median = values(168, 0.5, 0, 1.0, 20, 0.9, 40, 0.8);
        double[] lower = values(168, 0.5, 0, 0.9, 20, 0.3, 40, 0.7);
        // outside the answer, hour 5 could be worth most, then hour 45
        double[] upper = values(168, 0.6, 0, 1.1, 20, 1.0, 40, 0.9, 5, 1.5, 45, 0.95);

        int[] order = RecommendationService.challengersAndDefenders(median, upper, lower, ONE_WEEK, 12, 3);

        assertThat(order).containsExactly(5, 20, 45);
    }

    @Test
    void goesOnWithAChallengerWhenNoDefenderIsFarEnoughFromTheHoursTried() {
        double[] median = values(168, 0.5, 10, 1.0);
        double[] lower = values(168, 0.5, 10, 0.2);
        double[] upper = values(168, 0.6, 10, 1.2, 14, 1.5, 40, 0.9);

        // the answer (hours 10 and 22) lies within the gap of the first challenger (hour 14)
        int[] order = RecommendationService.challengersAndDefenders(median, upper, lower, ONE_WEEK, 12, 2);

        assertThat(order).containsExactly(14, 40);
    }

    @Test
    void takesADefenderWhenNoChallengerIsLeft() {
        // a three-hour window, all of it the answer: the least sure of it first
        double[] median = {1.0, 0.9, 0.8};
        double[] lower = {0.9, 0.4, 0.7};
        double[] upper = {1.1, 1.2, 0.9};

        int[] order = RecommendationService.challengersAndDefenders(median, upper, lower, new int[] {0, 1, 2}, 1, 3);

        assertThat(order).containsExactly(1, 2, 0);
    }

    @Test
    void triesAnHourOfTheWeekOnceBeforeTryingItAgainInALongerWindow() {
        int hours = 2 * WeeklyCurve.SLOTS;
        int[] slotOfHour =
                IntStream.range(0, hours).map(h -> h % WeeklyCurve.SLOTS).toArray();
        // every week alike: hour 100 is the best (the answer: hours 100, 268 and 0), the least sure too; hour 5 could
        // beat it, then hour 50
        double[] median = values(hours, 0.5, 100, 1.0, 268, 1.0);
        double[] lower = values(hours, 0.45, 100, 0.2, 268, 0.2);
        double[] upper = values(hours, 0.6, 5, 1.5, 173, 1.5, 50, 1.2, 218, 1.2);

        int[] order = RecommendationService.challengersAndDefenders(median, upper, lower, slotOfHour, 12, 3);

        // not 173: next week's copy of hour 5 tells nothing new
        assertThat(order).containsExactly(5, 100, 50);
    }

    @Test
    void aFullWindowEndsTheOrderEarly() {
        double[] flat = values(30, 0.5);

        int[] order = RecommendationService.challengersAndDefenders(
                flat, flat, flat, IntStream.range(0, 30).toArray(), 12, 5);

        // the answer is hours 0, 12 and 24; the first challenger (hour 1) closes hours 0-12, the defender (24) the rest
        assertThat(order).containsExactly(1, 24);
    }
}
