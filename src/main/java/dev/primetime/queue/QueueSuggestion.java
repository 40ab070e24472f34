package dev.primetime.queue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The best weekly slots: the hours of a week in the queue's zone ranked by expected engagement, taken greedily best
 * first, each at least the gap from those already taken (around the week's end too, since the week repeats).
 */
final class QueueSuggestion {
    private QueueSuggestion() {}

    /** A chosen hour: its slot, expected engagement and rank among the week's 168 hours (1 = best). */
    record Pick(QueueSlot slot, Instant at, double expected, int rank) {}

    /**
     * @param reference a time in the week whose hours are scored (the next week, so that its offsets are those
     *     that will apply soon)
     */
    static List<Pick> suggest(
            ToDoubleFunction<Instant> expected, ZoneId zone, Instant reference, int perWeek, int minGapMinutes) {
        LocalDate monday =
                reference.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<Pick> hours = new ArrayList<>(168);
        for (int h = 0; h < 168; h++) {
            LocalDate date = monday.plusDays(h / 24);
            LocalTime time = LocalTime.of(h % 24, 0);
            Instant at = ZonedDateTime.of(date, time, zone).toInstant();
            hours.add(new Pick(new QueueSlot(date.getDayOfWeek(), time), at, expected.applyAsDouble(at), 0));
        }
        List<Pick> ranked = hours.stream()
                .sorted(Comparator.comparingDouble(Pick::expected).reversed().thenComparing(Pick::slot))
                .toList();
        List<Pick> chosen = new ArrayList<>();
        for (int r = 0; r < ranked.size() && chosen.size() < perWeek; r++) {
            Pick p = ranked.get(r);
            if (chosen.stream().allMatch(c -> weeklyDistance(c.slot(), p.slot()) >= minGapMinutes)) {
                chosen.add(new Pick(p.slot(), p.at(), p.expected(), r + 1));
            }
        }
        chosen.sort(Comparator.comparing(Pick::slot));
        return chosen;
    }

    /** Minutes between two weekly slots, the shorter way round the week. */
    static int weeklyDistance(QueueSlot a, QueueSlot b) {
        int ma = minuteOfWeek(a);
        int mb = minuteOfWeek(b);
        int d = Math.abs(ma - mb);
        return Math.min(d, 7 * 24 * 60 - d);
    }

    private static int minuteOfWeek(QueueSlot s) {
        return (s.day().getValue() - 1) * 1440
                + s.time().getHour() * 60
                + s.time().getMinute();
    }
}
