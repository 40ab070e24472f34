package dev.primetime.optimization;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/** A time nothing may be published in. */
sealed interface Blackout {
    boolean covers(Instant instant, ZoneId zone);

    /** An absolute range, {@code [start, end)}. */
    record Range(Instant start, Instant end) implements Blackout {
        @Override
        public boolean covers(Instant instant, ZoneId zone) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    /** Local hours on some weekdays; {@code to <= from} runs past midnight into the next day. */
    record Weekly(Set<DayOfWeek> days, LocalTime from, LocalTime to) implements Blackout {
        @Override
        public boolean covers(Instant instant, ZoneId zone) {
            ZonedDateTime local = instant.atZone(zone);
            LocalTime time = local.toLocalTime();
            DayOfWeek day = local.getDayOfWeek();
            if (from.isBefore(to)) {
                return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
            }
            return (days.contains(day) && !time.isBefore(from)) || (days.contains(day.minus(1)) && time.isBefore(to));
        }
    }
}
