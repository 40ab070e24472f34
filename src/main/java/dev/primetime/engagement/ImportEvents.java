package dev.primetime.engagement;

import dev.primetime.engagement.ImportPreset.Target;
import dev.primetime.engagement.ImportValues.BadValue;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.web.TimeZones;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of an export as the events they report (issue 18): which column feeds which field, which rows are not
 * posts, and each post row checked as a recorded event is and written as COPY lines, one per metric, or named as a
 * bad row in the import's tally. {@link KpiImportService} streams the file through it into the staging table.
 */
final class ImportEvents {
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    private final PlatformCatalog platforms;

    ImportEvents(PlatformCatalog platforms) {
        this.platforms = platforms;
    }

    /** The columns of one layout: which column feeds each target. */
    record Columns(Map<Target, String> resolved) {
        String cell(ImportRows.Row row, Target target) {
            String column = resolved.get(target);
            if (column == null) {
                return null;
            }
            String v = row.cells().get(column);
            return v == null || v.isBlank() ? null : v;
        }
    }

    /** Resolves the preset's and the mapping's column names against the columns the file has (without case). */
    static Columns columns(KpiImportService.Options options, List<String> available) {
        Map<String, String> byLowerName = new HashMap<>();
        for (String column : available) {
            byLowerName.putIfAbsent(column.strip().toLowerCase(Locale.ROOT), column);
        }
        Map<Target, String> resolved = new EnumMap<>(Target.class);
        for (Target target : Target.values()) {
            String mapped = options.mapping().get(target);
            List<String> candidates =
                    mapped != null ? List.of(mapped) : options.preset().columns.getOrDefault(target, List.of());
            for (String candidate : candidates) {
                String column = byLowerName.get(candidate.strip().toLowerCase(Locale.ROOT));
                if (column != null) {
                    resolved.put(target, column);
                    break;
                }
            }
        }
        return new Columns(resolved);
    }

    /** Rows that are not posts: YouTube's "Total" row, the legacy Facebook export's row of column descriptions. */
    static boolean skipped(ImportPreset preset, ImportRows.Row row, Columns c) {
        String id = c.cell(row, Target.CONTENT_ID);
        if (preset == ImportPreset.YOUTUBE && id != null && id.strip().equalsIgnoreCase("total")) {
            return true;
        }
        if (preset == ImportPreset.FACEBOOK && c.cell(row, Target.PUBLISHED_AT) == null) {
            String reach = c.cell(row, Target.REACH);
            return reach != null && reach.strip().startsWith("Lifetime");
        }
        return false;
    }

    /**
     * One row into COPY lines (one per metric it reports), or a bad row in the tally. Returns whether its time was
     * a local time read in the request's zone.
     */
    boolean convert(
            KpiImportService.Options options,
            ImportRows.Row row,
            Columns c,
            Instant now,
            KpiImportService.Tally tally,
            StringBuilder buffer,
            ImportValues.Times times) {
        List<String> problems = new ArrayList<>();
        Platform platform = options.platform() != null ? options.platform() : options.preset().platform;
        String platformCell = c.cell(row, Target.PLATFORM);
        if (platformCell != null && options.platform() == null) {
            platform = platforms.find(platformCell.strip()).orElse(null);
            if (platform == null) {
                problems.add("platform: unknown platform '" + ImportValues.abbreviate(platformCell.strip()) + "'");
            }
        } else if (platform == null) {
            problems.add("platform: is required (a platform column, or platform= on the request)");
        }
        String publishedCell = c.cell(row, Target.PUBLISHED_AT);
        Instant published = null;
        boolean local = false;
        if (publishedCell == null) {
            problems.add("published_at: is required");
        } else {
            try {
                published = times.instant(publishedCell);
                local = times.lastWasLocal;
                if (published.isAfter(now.plus(FUTURE_TOLERANCE))) {
                    problems.add("published_at: " + publishedCell.strip() + " is in the future");
                    published = null;
                } else if (published.isBefore(Instant.EPOCH)) {
                    problems.add("published_at: must be after 1970");
                    published = null;
                }
            } catch (BadValue e) {
                problems.add("published_at: " + e.getMessage());
            }
        }
        Instant observed = now;
        String observedCell = c.cell(row, Target.OBSERVED_AT);
        if (observedCell != null) {
            try {
                observed = times.instant(observedCell);
                if (observed.isAfter(now.plus(FUTURE_TOLERANCE))) {
                    problems.add("observed_at: must not be in the future");
                } else if (published != null && observed.isBefore(published)) {
                    problems.add("observed_at: must not be before published_at");
                }
            } catch (BadValue e) {
                problems.add("observed_at: " + e.getMessage());
            }
        }
        ZoneId ownZone = null;
        String zoneCell = c.cell(row, Target.TIMEZONE);
        if (zoneCell != null) {
            ownZone = TimeZones.iana(zoneCell.strip()).orElse(null);
            if (ownZone == null) {
                problems.add("timezone: '" + ImportValues.abbreviate(zoneCell.strip())
                        + "' is not an IANA time zone such as America/New_York");
            }
        }
        Double duration = null;
        String durationCell = c.cell(row, Target.DURATION_SECONDS);
        if (durationCell != null) {
            try {
                duration = ImportValues.duration(durationCell);
            } catch (BadValue e) {
                problems.add("duration: " + e.getMessage());
            }
        }
        String contentType = options.contentType();
        if (contentType == null && platform != null) {
            String typeCell = c.cell(row, Target.CONTENT_TYPE);
            boolean ownNames = options.preset() == ImportPreset.PRIMETIME
                    || options.preset() == ImportPreset.CUSTOM
                    || options.mapping().containsKey(Target.CONTENT_TYPE);
            if (typeCell != null
                    && ownNames
                    && platforms.profile(platform).contentType(typeCell.strip()).isPresent()) {
                contentType = typeCell.strip();
            } else if (typeCell != null && ownNames) {
                problems.add("content_type: '" + ImportValues.abbreviate(typeCell.strip())
                        + "' is not a content type of " + platform);
            } else {
                contentType = platforms
                        .profile(platform)
                        .contentTypeOfExport(typeCell, duration)
                        .orElse(null);
            }
            if (contentType == null) {
                contentType = platforms.profile(platform).defaultContentType().contentType();
            }
        }
        String contentId = c.cell(row, Target.CONTENT_ID);
        if (contentId != null && contentId.strip().length() > 200) {
            problems.add("content_id: must be at most 200 characters");
        }
        Map<KpiMetric, Double> values = new EnumMap<>(KpiMetric.class);
        for (Target target : Target.values()) {
            if (target.metric == null || values.containsKey(target.metric)) {
                continue;
            }
            String cell = c.cell(row, target);
            if (cell == null) {
                continue;
            }
            try {
                Double v = ImportValues.number(cell);
                if (v != null) {
                    values.put(target.metric, v * target.factor);
                }
            } catch (BadValue e) {
                problems.add(target.metric.id() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            tally.bad(row.number(), String.join("; ", problems));
            return false;
        }
        if (values.isEmpty()) {
            tally.rowsWithoutMetrics++;
            return local;
        }
        String post = contentId != null ? contentId.strip() : platform.id() + ":" + published;
        String zone = ownZone == null ? null : ownZone.getId();
        String hour = ownZone == null ? null : Integer.toString(WeeklyCurve.slot(published, ownZone));
        for (var entry : values.entrySet()) {
            String metric = entry.getKey().id();
            double value = entry.getValue();
            String eventId = eventId(
                    platform.id(),
                    contentType,
                    post,
                    published.toString(),
                    observedCell == null ? "" : observed.toString(),
                    zone == null ? "" : zone,
                    metric,
                    Double.toString(value));
            line(
                    buffer,
                    eventId,
                    post,
                    platform.id(),
                    contentType,
                    published.toString(),
                    observed.toString(),
                    metric,
                    Double.toString(value),
                    zone,
                    hour);
            tally.events++;
        }
        return local;
    }

    /** What the event says, as a deduplication key: the same row imported again is the same event. */
    static String eventId(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1f);
            }
            return "import:"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest.digest())
                            .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One COPY CSV line: every value quoted, a missing one as an unquoted empty field (NULL). */
    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields[i];
            if (f == null) {
                continue;
            }
            out.append('"');
            for (int k = 0; k < f.length(); k++) {
                char ch = f.charAt(k);
                if (ch == '"') {
                    out.append('"');
                }
                out.append(ch);
            }
            out.append('"');
        }
        out.append('\n');
    }
}
