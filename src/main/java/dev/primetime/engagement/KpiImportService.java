package dev.primetime.engagement;

import dev.primetime.engagement.ImportPreset.Target;
import dev.primetime.engagement.ImportValues.BadValue;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.TimeZones;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports an analytics export (issue 18): every row becomes one event per metric it reports, checked as a recorded
 * event is, streamed through a temporary table with COPY (so 100,000 rows never sit in memory), and stored in one
 * transaction, or nothing is: a file with a bad row stores nothing and names every bad row. Each event's id is a
 * digest of what it says (post, metric, value, times), so a file imported twice stores nothing new, and a later
 * export whose counts grew stores the new values. Progress is written to {@code kpi_imports} in transactions of its
 * own, so {@code GET /kpi-events/imports/{id}} shows it while the import's own transaction is still open.
 *
 * <p>Why one class of this size: the stream, the COPY, the row checks and the progress share one open transaction
 * and one tally for the whole import; split apart, each piece would need all of them passed along. A candidate for
 * a KpiImportStore (the COPY and the {@code kpi_imports} SQL) when it next grows.
 */
@Service
class KpiImportService {
    static final int MAX_LISTED_ERRORS = 1000;
    static final int PROGRESS_EVERY_ROWS = 5000;
    // imports hold a database connection for their whole upload: at most this many at once per instance
    static final int CONCURRENT_IMPORTS = 2;
    private static final int COPY_BUFFER_CHARS = 256 * 1024;
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final TenantTransactions transactions;
    private final PlatformCatalog platforms;
    private final ApplicationEventPublisher publisher;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;
    private final Semaphore slots = new Semaphore(CONCURRENT_IMPORTS);
    private final ExecutorService progressWriter = Executors.newVirtualThreadPerTaskExecutor();

    KpiImportService(
            TenantTransactions transactions,
            PlatformCatalog platforms,
            ApplicationEventPublisher publisher,
            DataSource dataSource,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.platforms = platforms;
        this.publisher = publisher;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    enum Format {
        CSV,
        JSON_LINES
    }

    /**
     * A validated request.
     *
     * @param mapping target → column, over the preset's columns
     * @param platform for every row without a platform column (else the preset's)
     * @param contentType for every row (else the file's type column, else the platform's default)
     * @param zone the zone local times without an offset are read in (null: such times are refused)
     */
    record Options(
            ImportPreset preset,
            Map<Target, String> mapping,
            Platform platform,
            String contentType,
            ZoneId zone,
            boolean dryRun,
            UUID importId,
            Format format) {}

    /** An import's counters while it runs. */
    private static final class Tally {
        long rows;
        long rowsWithoutMetrics;
        long events;
        long bad;
        final List<String> errors = new ArrayList<>();
        Map<Target, String> columns = Map.of();

        void bad(long row, String problem) {
            bad++;
            if (errors.size() < MAX_LISTED_ERRORS) {
                errors.add("row " + row + ": " + problem);
            }
        }
    }

    KpiImports.Result run(Caller caller, Options options, InputStream body, Charset charset) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "this instance is running " + CONCURRENT_IMPORTS + " imports; retry");
        }
        try {
            return runHolding(caller, options, body, charset);
        } finally {
            slots.release();
        }
    }

    private KpiImports.Result runHolding(Caller caller, Options options, InputStream body, Charset charset) {
        UUID id = options.importId() == null ? UUID.randomUUID() : options.importId();
        Instant started = clock.instant();
        boolean created = transactions.write(
                        caller,
                        jdbc -> jdbc.sql("""
                        INSERT INTO kpi_imports (id, preset, dry_run, status, started_at, updated_at)
                        VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT (id) DO NOTHING
                        """)
                                .params(id, options.preset().id(), options.dryRun(), utc(started), utc(started))
                                .update())
                > 0;
        if (!created) {
            throw ApiException.conflict("import_id " + id + " was already used; send another one, or none");
        }
        Tally tally = new Tally();
        String status = "failed";
        try {
            Outcome outcome;
            try {
                outcome = transactions.write(caller, jdbc -> {
                    try {
                        return load(caller, id, options, body, charset, tally);
                    } catch (IOException e) {
                        throw new ReadFailed(e);
                    }
                });
            } catch (Finished f) {
                outcome = f.outcome; // rolled back on purpose: a dry run, or bad rows
            } catch (ReadFailed e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new ApiException(
                                ErrorCode.MALFORMED_REQUEST,
                                "the upload could not be read: " + e.getCause().getMessage());
            }
            if (tally.bad > 0 && !options.dryRun()) {
                status = "rejected";
                throw rejection(id, tally);
            }
            // a dry run answers even with bad rows: naming them is what it is for
            status = tally.bad > 0 ? "rejected" : "completed";
            if (!options.dryRun() && outcome.stored > 0) {
                publisher.publishEvent(
                        new EngagementRecorded(caller.tenantId(), (int) Math.min(Integer.MAX_VALUE, outcome.stored)));
            }
            Instant finished = clock.instant();
            finish(caller, id, status, tally, outcome, finished);
            return new KpiImports.Result(
                    id,
                    options.preset().id(),
                    options.dryRun(),
                    status,
                    tally.rows,
                    tally.rowsWithoutMetrics,
                    outcome.posts,
                    tally.events,
                    outcome.stored,
                    tally.bad > 0 ? 0 : tally.events - outcome.stored,
                    tally.bad,
                    List.copyOf(tally.errors),
                    ImportPreset.describe(tally.columns),
                    outcome.ignored,
                    outcome.timesReadIn,
                    started,
                    finished);
        } catch (RuntimeException e) {
            if (e instanceof ApiException refused && refused.code() == ErrorCode.VALIDATION_ERROR) {
                status = "rejected"; // the file, not the service: nothing stored
            }
            if (!status.equals("completed") && !(options.dryRun() && status.equals("rejected") && tally.bad > 0)) {
                try {
                    finish(caller, id, status, tally, new Outcome(0, 0, List.of(), null), clock.instant());
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private record Outcome(long stored, long posts, List<String> ignored, String timesReadIn) {}

    /** Ends the import's transaction without committing it, carrying what it found. */
    private static final class Finished extends RuntimeException {
        final transient Outcome outcome;

        Finished(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private static final class ReadFailed extends RuntimeException {
        ReadFailed(IOException cause) {
            super(cause);
        }
    }

    private ApiException rejection(UUID id, Tally tally) {
        StringBuilder message = new StringBuilder();
        message.append(tally.bad)
                .append(tally.bad == 1 ? " bad row" : " bad rows")
                .append("; nothing was stored (GET /api/v1/scheduling/kpi-events/imports/")
                .append(id)
                .append(" lists the first ")
                .append(MAX_LISTED_ERRORS)
                .append("): ");
        int shown = Math.min(20, tally.errors.size());
        message.append(String.join("; ", tally.errors.subList(0, shown)));
        if (tally.bad > shown) {
            message.append("; and ").append(tally.bad - shown).append(" more");
        }
        return new ApiException(ErrorCode.VALIDATION_ERROR, message.toString());
    }

    /** Reads every row into the temporary table, then stores (or, dry, counts) the new events. */
    private Outcome load(Caller caller, UUID id, Options options, InputStream body, Charset charset, Tally tally)
            throws IOException {
        InputStreamReader reader = new InputStreamReader(body, charset);
        ImportRows rows = options.format() == Format.CSV ? ImportRows.csv(reader) : ImportRows.jsonLines(reader, json);
        Columns columns = null;
        if (options.format() == Format.CSV) {
            if (rows.columns().isEmpty()) {
                throw ApiException.validation("body", "the file is empty: a CSV import needs a header line and rows");
            }
            columns = columns(options, rows.columns());
            tally.columns = columns.resolved;
            if (!columns.resolved.containsKey(Target.PUBLISHED_AT)) {
                // every row would be refused for it: say once which column is missing instead
                List<String> names = options.mapping().containsKey(Target.PUBLISHED_AT)
                        ? List.of(options.mapping().get(Target.PUBLISHED_AT))
                        : options.preset().columns.getOrDefault(Target.PUBLISHED_AT, List.of());
                throw ApiException.validation(
                        "columns",
                        "no publish time column (looked for " + String.join(", ", names)
                                + "; map yours with mapping=published_at:<column>); the file's columns: "
                                + String.join(", ", rows.columns()));
            }
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.createStatement().execute("""
                    CREATE TEMP TABLE kpi_import_rows (external_event_id text, content_id text, platform text,
                        content_type text, published_at timestamptz, observed_at timestamptz, metric text,
                        value double precision, timezone text, hour_of_week smallint) ON COMMIT DROP
                    """);
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY kpi_import_rows FROM STDIN WITH (FORMAT csv)");
            StringBuilder buffer = new StringBuilder(COPY_BUFFER_CHARS + 4096);
            Instant now = clock.instant();
            Set<String> ignoredColumns = new LinkedHashSet<>();
            ImportValues.Times times = new ImportValues.Times(
                    options.zone(), "no timezone= was sent to read it in (the zone the export's times are in)");
            boolean localTimes = false;
            Future<?> progress = null;
            try {
                ImportRows.Row row;
                while ((row = rows.next()) != null) {
                    Columns c = columns;
                    if (c == null) {
                        c = columns(options, List.copyOf(row.cells().keySet()));
                        if (tally.columns.size() < c.resolved.size()) {
                            tally.columns = c.resolved;
                        }
                    }
                    if (row.problem() != null) {
                        tally.rows++;
                        tally.bad(row.number(), row.problem());
                    } else if (!skipped(options.preset(), row, c)) {
                        tally.rows++;
                        localTimes |= convert(options, row, c, now, tally, buffer, times);
                    }
                    if (buffer.length() >= COPY_BUFFER_CHARS) {
                        flush(copy, buffer);
                    }
                    if (tally.rows % PROGRESS_EVERY_ROWS == 0 && tally.rows > 0) {
                        progress = progress(caller, id, tally, progress);
                    }
                }
                flush(copy, buffer);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                await(progress);
            }
            if (columns != null) {
                for (String column : rows.columns()) {
                    if (!columns.resolved.containsValue(column)) {
                        ignoredColumns.add(column);
                    }
                }
            }
            String timesReadIn =
                    localTimes && options.zone() != null ? options.zone().getId() : null;
            long posts = count(
                    connection, "SELECT count(DISTINCT (platform, content_type, content_id)) FROM kpi_import_rows");
            if (options.dryRun()) {
                long wouldStore = count(connection, """
                        SELECT count(DISTINCT r.external_event_id) FROM kpi_import_rows r
                        WHERE NOT EXISTS (SELECT 1 FROM performance_kpi_events e
                                          WHERE e.external_event_id = r.external_event_id)
                        """);
                throw new Finished(new Outcome(wouldStore, posts, List.copyOf(ignoredColumns), timesReadIn));
            }
            if (tally.bad > 0) {
                throw new Finished(new Outcome(0, posts, List.copyOf(ignoredColumns), timesReadIn));
            }
            long stored;
            try (var statement = connection.prepareStatement("""
                    INSERT INTO performance_kpi_events (external_event_id, content_id, platform, content_type,
                        published_at, observed_at, metric, value, timezone, hour_of_week, impressions, views, likes,
                        comments, shares, saves, clicks, watch_time_seconds, reach, created_at)
                    SELECT DISTINCT ON (external_event_id) external_event_id, content_id, platform, content_type,
                        published_at, observed_at, metric, value, timezone, hour_of_week,
                        CASE WHEN metric = 'impressions' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'views' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'likes' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'comments' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'shares' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'saves' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'clicks' THEN value::bigint ELSE 0 END,
                        CASE WHEN metric = 'watch_time_seconds' THEN value ELSE 0 END,
                        CASE WHEN metric = 'reach' THEN value::bigint ELSE 0 END,
                        ?
                    FROM kpi_import_rows ORDER BY external_event_id
                    ON CONFLICT (tenant_id, external_event_id) DO NOTHING
                    """)) {
                statement.setObject(1, utc(now));
                stored = statement.executeUpdate();
            }
            return new Outcome(stored, posts, List.copyOf(ignoredColumns), timesReadIn);
        } catch (SQLException e) {
            throw new org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator(dataSource)
                    .translate("import", null, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void flush(CopyIn copy, StringBuilder buffer) throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** The columns of one layout: which column feeds each target. */
    private record Columns(Map<Target, String> resolved) {
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
    private static Columns columns(Options options, List<String> available) {
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
    private static boolean skipped(ImportPreset preset, ImportRows.Row row, Columns c) {
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
    private boolean convert(
            Options options,
            ImportRows.Row row,
            Columns c,
            Instant now,
            Tally tally,
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

    /** Writes the counters so far in a transaction of their own (the import's own is still open). */
    private Future<?> progress(Caller caller, UUID id, Tally tally, Future<?> previous) {
        await(previous);
        long rows = tally.rows;
        long events = tally.events;
        long bad = tally.bad;
        Instant at = clock.instant();
        return progressWriter.submit(() -> transactions.write(
                caller,
                jdbc -> jdbc.sql("""
                        UPDATE kpi_imports SET rows_read = ?, events_read = ?, bad_rows = ?, updated_at = ?
                        WHERE id = ? AND status = 'running'
                        """).params(rows, events, bad, utc(at), id).update()));
    }

    private static void await(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // progress is informative; the import goes on without it
        }
    }

    private void finish(Caller caller, UUID id, String status, Tally tally, Outcome outcome, Instant at) {
        String errors = json.writeValueAsString(tally.errors);
        transactions.write(
                caller,
                jdbc -> jdbc.sql("""
                        UPDATE kpi_imports SET status = ?, rows_read = ?, events_read = ?, events_stored = ?,
                            duplicates = ?, bad_rows = ?, errors = ?::jsonb, updated_at = ?, finished_at = ?
                        WHERE id = ?
                        """)
                        .params(
                                status,
                                tally.rows,
                                tally.events,
                                outcome.stored,
                                status.equals("completed") ? tally.events - outcome.stored : 0,
                                tally.bad,
                                errors,
                                utc(at),
                                utc(at),
                                id)
                        .update());
    }

    Optional<KpiImports.ImportView> find(Caller caller, UUID id) {
        return transactions.read(
                caller,
                jdbc -> jdbc.sql(SELECT + " WHERE id = ?")
                        .param(id)
                        .query((rs, n) -> view(rs))
                        .optional());
    }

    List<KpiImports.ImportView> recent(Caller caller, int limit) {
        return transactions.read(
                caller,
                jdbc -> jdbc.sql(SELECT + " ORDER BY started_at DESC, id DESC LIMIT ?")
                        .param(limit)
                        .query((rs, n) -> view(rs))
                        .list());
    }

    private static final String SELECT = """
            SELECT id, preset, dry_run, status, rows_read, events_read, events_stored, duplicates, bad_rows,
                   errors::text AS errors, started_at, updated_at, finished_at
            FROM kpi_imports""";

    private KpiImports.ImportView view(java.sql.ResultSet rs) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        List<String> errors = new ArrayList<>();
        json.readTree(rs.getString("errors")).forEach(node -> errors.add(node.asString()));
        return new KpiImports.ImportView(
                rs.getObject("id", UUID.class),
                rs.getString("preset"),
                rs.getBoolean("dry_run"),
                rs.getString("status"),
                rs.getLong("rows_read"),
                rs.getLong("events_read"),
                rs.getLong("events_stored"),
                rs.getLong("duplicates"),
                rs.getLong("bad_rows"),
                errors,
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
