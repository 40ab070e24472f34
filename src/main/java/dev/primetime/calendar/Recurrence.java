package dev.primetime.calendar;

import dev.primetime.web.FieldErrors;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A recurring item's occurrences (issue 21): an RFC 5545 RRULE, parsed and expanded by lib-recur from the first
 * occurrence's wall-clock time in the schedule's zone, so a weekly 10:00 stays 10:00 when the offset changes.
 */
final class Recurrence {
    static final int MAX_OCCURRENCES = 500;

    private Recurrence() {}

    /** The occurrences from {@code first} (itself the first), or an empty list with the problem recorded. */
    static List<Instant> occurrences(String raw, Instant first, ZoneId zone, String field, FieldErrors errors) {
        String text = raw.strip();
        if (text.toUpperCase(Locale.ROOT).startsWith("RRULE:")) {
            text = text.substring("RRULE:".length());
        }
        RecurrenceRule rule;
        try {
            rule = new RecurrenceRule(text, RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
            errors.add(
                    field,
                    "'" + abbreviate(raw) + "' is not an RFC 5545 RRULE such as"
                            + " RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6 (" + e.getMessage() + ")");
            return List.of();
        }
        if (rule.getCount() == null && rule.getUntil() == null) {
            errors.add(field, "needs COUNT or UNTIL: a series has an end");
            return List.of();
        }
        ZonedDateTime local = first.atZone(zone);
        DateTime start = new DateTime(
                TimeZone.getTimeZone(zone),
                local.getYear(),
                local.getMonthValue() - 1,
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond());
        List<Instant> occurrences = new ArrayList<>();
        try {
            RecurrenceRuleIterator it = rule.iterator(start);
            while (it.hasNext()) {
                if (occurrences.size() == MAX_OCCURRENCES) {
                    errors.add(
                            field, "makes more than " + MAX_OCCURRENCES + " occurrences; at most " + MAX_OCCURRENCES);
                    return List.of();
                }
                occurrences.add(Instant.ofEpochMilli(it.nextMillis()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            errors.add(field, "cannot be expanded from " + local.toOffsetDateTime() + ": " + e.getMessage());
            return List.of();
        }
        if (occurrences.isEmpty()) {
            errors.add(field, "has no occurrence from scheduled_time on (is UNTIL before it?)");
        }
        return occurrences;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
