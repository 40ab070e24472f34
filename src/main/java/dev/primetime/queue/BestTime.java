package dev.primetime.queue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The best-scoring free time in a window: candidates every {@link #STEP} minutes, of which those that keep the
 * platform's gap to its other live items, its weekly (and daily) cap and the stagger from the same content on
 * other platforms are free; the free one with the highest expected engagement wins, the earliest of equals.
 */
final class BestTime {
    static final int STEP_MINUTES = 15;
    private static final Duration STEP = Duration.ofMinutes(STEP_MINUTES);

    private BestTime() {}

    /**
     * @param minGapMinutes at least this far from every live item of the platform
     * @param maxPerWeek at most this many live items of the platform in a week (Monday to Sunday in {@code zone})
     * @param maxPerDay at most this many in a day in {@code zone}
     * @param staggerMinutes at least this far from the same content on other platforms
     * @param zone where days and weeks are counted: the audience's
     */
    record Rules(int minGapMinutes, int maxPerWeek, int maxPerDay, int staggerMinutes, ZoneId zone) {

        /** How far before and after a window the taken times matter for these rules. */
        Duration reach() {
            return Duration.ofDays(8).plusMinutes(Math.max(minGapMinutes, staggerMinutes));
        }
    }

    /** The chosen time, its expected engagement and how many free candidates the window had. */
    record Choice(Instant at, double expected, int freeTimes) {}

    /** The free candidate times of the window in order: what {@link #choose} picks from. */
    static List<Instant> freeTimes(
            Instant from, Instant to, Rules rules, List<Instant> samePlatform, List<Instant> sameContentElsewhere) {
        long[] platform = sortedSeconds(samePlatform);
        long[] content = sortedSeconds(sameContentElsewhere);
        Map<LocalDate, Integer> perDay = new HashMap<>();
        Map<LocalDate, Integer> perWeek = new HashMap<>();
        for (Instant t : samePlatform) {
            LocalDate day = t.atZone(rules.zone()).toLocalDate();
            perDay.merge(day, 1, Integer::sum);
            perWeek.merge(weekOf(day), 1, Integer::sum);
        }
        List<Instant> free = new java.util.ArrayList<>();
        for (Instant t = firstCandidate(from); !t.isAfter(to); t = t.plus(STEP)) {
            LocalDate day = t.atZone(rules.zone()).toLocalDate();
            if (perDay.getOrDefault(day, 0) >= rules.maxPerDay()
                    || perWeek.getOrDefault(weekOf(day), 0) >= rules.maxPerWeek()
                    || near(platform, t.getEpochSecond(), rules.minGapMinutes() * 60L)
                    || near(content, t.getEpochSecond(), rules.staggerMinutes() * 60L)) {
                continue;
            }
            free.add(t);
        }
        return free;
    }

    static Optional<Choice> choose(
            Instant from,
            Instant to,
            ToDoubleFunction<Instant> expected,
            Rules rules,
            List<Instant> samePlatform,
            List<Instant> sameContentElsewhere) {
        List<Instant> free = freeTimes(from, to, rules, samePlatform, sameContentElsewhere);
        Instant best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Instant t : free) {
            double score = expected.applyAsDouble(t);
            if (score > bestScore) { // strictly: the earliest of equal scores stays
                best = t;
                bestScore = score;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Choice(best, bestScore, free.size()));
    }

    /** The first candidate at or after {@code from}: candidates sit on the quarter hours. */
    static Instant firstCandidate(Instant from) {
        long step = STEP.toSeconds();
        long s = from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0);
        return Instant.ofEpochSecond(Math.ceilDiv(s, step) * step);
    }

    private static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static long[] sortedSeconds(List<Instant> times) {
        long[] s = times.stream().mapToLong(Instant::getEpochSecond).toArray();
        Arrays.sort(s);
        return s;
    }

    /** Whether a time in {@code sorted} lies closer than {@code gap} seconds to {@code t}. */
    private static boolean near(long[] sorted, long t, long gap) {
        if (gap <= 0 || sorted.length == 0) {
            return false;
        }
        int i = Arrays.binarySearch(sorted, t);
        if (i >= 0) {
            return true;
        }
        int next = -i - 1;
        return (next < sorted.length && sorted[next] - t < gap) || (next > 0 && t - sorted[next - 1] < gap);
    }
}
