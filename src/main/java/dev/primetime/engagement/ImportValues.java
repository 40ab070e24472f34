package dev.primetime.engagement;

import java.time.Instant;
import java.time.LocalDateTime;
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
     * Reads the date-times of one file: a file keeps one layout, so the layout that read the last one is tried
     * first, and layouts are tried without exceptions (ParsePosition), which cost more than the rest of a row.
     */
    static final class Times {
        private static final List<DateTimeFormatter> ZONED =
                List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_ZONED_DATE_TIME);
        private final ZoneId zone;
        private final String zoneHint;
        private int lastLocal = -1;
        private int lastZoned = -1;

        /**
         * @param zone where local times (without an offset) are read; null: they are refused, saying {@code
         *     zoneHint}
         */
        Times(ZoneId zone, String zoneHint) {
            this.zone = zone;
            this.zoneHint = zoneHint;
        }

        /** Whether the last instant read was a local time (read in the zone). */
        boolean lastWasLocal;

        /**
         * An instant: with an offset as written, without one read in the zone (its daylight-saving rules included);
         * a date without a time of day is refused, since the hour is what the model learns.
         */
        Instant instant(String raw) throws BadValue {
            String s = raw.strip();
            int z = find(ZONED, s, lastZoned);
            if (z >= 0) {
                lastZoned = z;
                lastWasLocal = false;
                return ZONED.get(z).parse(s, java.time.ZonedDateTime::from).toInstant();
            }
            int l = find(LOCAL, s, lastLocal);
            if (l >= 0) {
                lastLocal = l;
                if (zone == null) {
                    throw new BadValue("'" + abbreviate(s) + "' has no offset, and " + zoneHint);
                }
                lastWasLocal = true;
                return LocalDateTime.parse(s, LOCAL.get(l)).atZone(zone).toInstant();
            }
            if (find(DATES, s, -1) >= 0) {
                throw new BadValue("'" + abbreviate(s)
                        + "' is a date without a time of day; the hour a post went out is what is learned from it");
            }
            throw new BadValue("'" + abbreviate(s)
                    + "' is not a date-time (such as 2026-03-03T15:00:00-05:00, 2026-03-03 15:00 or 03/03/2026 15:00)");
        }

        /** The index of the first layout that reads all of {@code s}, trying {@code first} first; -1 if none. */
        private static int find(List<DateTimeFormatter> layouts, String s, int first) {
            if (first >= 0 && reads(layouts.get(first), s)) {
                return first;
            }
            for (int i = 0; i < layouts.size(); i++) {
                if (i != first && reads(layouts.get(i), s)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean reads(DateTimeFormatter f, String s) {
            java.text.ParsePosition at = new java.text.ParsePosition(0);
            if (f.parseUnresolved(s, at) == null || at.getErrorIndex() >= 0 || at.getIndex() != s.length()) {
                return false;
            }
            try {
                f.parse(s); // resolves: 02/30/2026 is no date
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
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
