package dev.primetime.queue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** A weekly slot of a queue: a day of the week and a wall-clock time in the queue's zone. */
record QueueSlot(DayOfWeek day, LocalTime time) implements Comparable<QueueSlot> {
    static final Comparator<QueueSlot> ORDER =
            Comparator.<QueueSlot, java.time.DayOfWeek>comparing(QueueSlot::day).thenComparing(QueueSlot::time);

    /** {@code mon}…{@code sun}. */
    String dayId() {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** {@code HH:MM}. */
    String timeText() {
        return time.toString();
    }

    static DayOfWeek day(String id) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ROOT)
                    .toLowerCase(Locale.ROOT)
                    .equals(id)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public int compareTo(QueueSlot other) {
        return ORDER.compare(this, other);
    }

    /**
     * The instants of the weekly slots, in time order, from {@code from} (inclusive) to {@code to} (exclusive). Each
     * is the slot's wall-clock time on its date in {@code zone}, so 10:00 stays 10:00 across a change of offset; a
     * time that a spring-forward gap skips moves forward by the gap's length (02:30 → 03:30), a time an autumn
     * overlap repeats is its first (summer) instance, as {@link ZonedDateTime#of} resolves them.
     */
    static List<Instant> between(List<QueueSlot> slots, ZoneId zone, Instant from, Instant to) {
        List<QueueSlot> sorted = slots.stream().sorted().toList();
        // a sorted set: a slot a spring-forward gap moves (02:30 → 03:30) may pass a later slot of that day (03:00),
        // and two slots a gap folds into one instant count once
        TreeSet<Instant> found = new TreeSet<>();
        LocalDate date = from.atZone(zone).toLocalDate().minusDays(1); // a slot late the day before may be after
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        for (; !date.isAfter(last); date = date.plusDays(1)) {
            for (QueueSlot slot : sorted) {
                if (slot.day() != date.getDayOfWeek()) {
                    continue;
                }
                Instant at = ZonedDateTime.of(date, slot.time(), zone).toInstant();
                if (!at.isBefore(from) && at.isBefore(to)) {
                    found.add(at);
                }
            }
        }
        return List.copyOf(found);
    }
}
