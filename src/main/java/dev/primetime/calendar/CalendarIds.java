package dev.primetime.calendar;

import dev.primetime.web.ApiException;
import java.util.UUID;

/**
 * The ids in the calendar's paths, and the 404 of each: an id that is not a UUID names nothing, so it is answered as
 * a missing schedule, item or series, exactly as another tenant's is.
 */
final class CalendarIds {
    private CalendarIds() {}

    static UUID scheduleId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw scheduleNotFound();
        }
    }

    static UUID itemId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw itemNotFound();
        }
    }

    static UUID seriesId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw seriesNotFound();
        }
    }

    static ApiException scheduleNotFound() {
        return ApiException.notFound("schedule");
    }

    static ApiException itemNotFound() {
        return ApiException.notFound("schedule item");
    }

    static ApiException seriesNotFound() {
        return ApiException.notFound("series");
    }
}
