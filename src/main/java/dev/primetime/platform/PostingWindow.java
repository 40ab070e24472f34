package dev.primetime.platform;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/** A weekly window of good posting times, in the audience's local time, with its relative weight. */
public record PostingWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, double weight) {
    public boolean contains(DayOfWeek day, LocalTime time) {
        return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
    }
}
