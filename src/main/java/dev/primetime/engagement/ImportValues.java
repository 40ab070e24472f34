package dev.primetime.engagement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** How export cells become values: date-times in the layouts exports use, counts with thousands separators. */
final class ImportValues {
    private ImportValues() {}

    /** A cell that could not be read; its message names what was expected. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private static DateTimeFormatter pattern(String p) {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(p)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter(Locale.ENGLISH)
                .withResolverStyle(ResolverStyle.SMART);
    }

    // Local date-times as exports write them: ISO; Meta Business Suite "09/28/2026 18:12"; Facebook's legacy Insights
    // "12/31/2014 11:30:00 PM"; spreadsheets' "2026-09-28 18:12"; YouTube's "Sep 28, 2026 6:12 PM".
    private static final List<DateTimeFormatter> LOCAL = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            pattern("yyyy-MM-dd HH:mm[:ss]"),
            pattern("M/d/yyyy H:mm[:ss]"),
            pattern("M/d/yyyy h:mm[:ss] a"),
            pattern("MMM d, yyyy h:mm[:ss] a"),
            pattern("MMM d, yyyy H:mm[:ss]"));
    private static final List<DateTimeFormatter> DATES =
            List.of(DateTimeFormatter.ISO_LOCAL_DATE, pattern("M/d/yyyy"), pattern("MMM d, yyyy"));

    /**
     * An instant: with an offset as written, without one read in {@code zone} (its daylight-saving rules included);
     * a date without a time of day is refused, since the hour is what the model learns.
     */
    static Instant instant(String raw, ZoneId zone, String zoneHint) throws BadValue {
        String s = raw.strip();
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException ignored) {
            // not with an offset
        }
        try {
            return java.time.ZonedDateTime.parse(s, DateTimeFormatter.ISO_ZONED_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException ignored) {
            // not with a zone
        }
        for (DateTimeFormatter f : LOCAL) {
            try {
                LocalDateTime local = LocalDateTime.parse(s, f);
                if (zone == null) {
                    throw new BadValue("'" + abbreviate(s) + "' has no offset, and " + zoneHint);
                }
                return local.atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // the next layout
            }
        }
        for (DateTimeFormatter f : DATES) {
            try {
                LocalDate.parse(s, f);
                throw new BadValue("'" + abbreviate(s)
                        + "' is a date without a time of day; the hour a post went out is what is learned from it");
            } catch (DateTimeParseException ignored) {
                // the next layout
            }
        }
        throw new BadValue("'" + abbreviate(s)
                + "' is not a date-time (such as 2026-03-03T15:00:00-05:00, 2026-03-03 15:00 or 03/03/2026 15:00)");
    }

    /** A count or amount ≥ 0: "1,234", "1234.5", " 12 "; empty or "-" means not reported (null). */
    static Double number(String raw) throws BadValue {
        String s = raw.strip();
        if (s.isEmpty() || s.equals("-") || s.equals("--")) {
            return null;
        }
        String plain = s.replace(",", "").replace("\u00a0", "").replace(" ", "");
        try {
            double v = Double.parseDouble(plain);
            if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                throw new BadValue("'" + abbreviate(s) + "' must be a number ≥ 0");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadValue("'" + abbreviate(s) + "' is not a number");
        }
    }

    /** A video's length: seconds ("95"), or "m:ss" / "h:mm:ss". */
    static Double duration(String raw) throws BadValue {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.contains(":")) {
            double total = 0;
            for (String part : s.split(":")) {
                try {
                    total = total * 60 + Double.parseDouble(part);
                } catch (NumberFormatException e) {
                    throw new BadValue("'" + abbreviate(s) + "' is not a duration");
                }
            }
            return total;
        }
        return number(s);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
