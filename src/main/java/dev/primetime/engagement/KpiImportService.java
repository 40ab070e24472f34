package dev.primetime.engagement;

import dev.primetime.engagement.ImportPreset.Target;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.springframework.context.ApplicationEventPublisher;
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
 * <p>The SQL (the import's row, the staging table and its COPY) is {@link KpiImportStore}'s; turning rows into
 * events is {@link ImportEvents}'. What stays here is the flow: the upload's stream, one open transaction and one
 * tally for the whole import, and the progress written beside it.
 */
@Service
class KpiImportService {
    static final int MAX_LISTED_ERRORS = 1000;
    static final int PROGRESS_EVERY_ROWS = 5000;
    // imports hold a database connection for their whole upload: at most this many at once per instance
    static final int CONCURRENT_IMPORTS = 2;
    private static final int COPY_BUFFER_CHARS = 256 * 1024;

    private final TenantTransactions transactions;
    private final ImportEvents events;
    private final ApplicationEventPublisher publisher;
    private final KpiImportStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final Semaphore slots = new Semaphore(CONCURRENT_IMPORTS);
    private final ExecutorService progressWriter = Executors.newVirtualThreadPerTaskExecutor();

    KpiImportService(
            TenantTransactions transactions,
            PlatformCatalog platforms,
            ApplicationEventPublisher publisher,
            KpiImportStore store,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.events = new ImportEvents(platforms);
        this.publisher = publisher;
        this.store = store;
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
    static final class Tally {
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

    KpiImportViews.Result run(Caller caller, Options options, InputStream body, Charset charset) {
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

    private KpiImportViews.Result runHolding(Caller caller, Options options, InputStream body, Charset charset) {
        UUID id = options.importId() == null ? UUID.randomUUID() : options.importId();
        Instant started = clock.instant();
        boolean created =
                transactions.write(caller, jdbc -> store.create(jdbc, id, options.preset(), options.dryRun(), started));
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
            return new KpiImportViews.Result(
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
        ImportEvents.Columns columns = null;
        if (options.format() == Format.CSV) {
            if (rows.columns().isEmpty()) {
                throw ApiException.validation("body", "the file is empty: a CSV import needs a header line and rows");
            }
            columns = ImportEvents.columns(options, rows.columns());
            tally.columns = columns.resolved();
            if (!columns.resolved().containsKey(Target.PUBLISHED_AT)) {
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
        try (KpiImportStore.Staging staging = store.stage()) {
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
                    ImportEvents.Columns c = columns;
                    if (c == null) {
                        c = ImportEvents.columns(
                                options, List.copyOf(row.cells().keySet()));
                        if (tally.columns.size() < c.resolved().size()) {
                            tally.columns = c.resolved();
                        }
                    }
                    if (row.problem() != null) {
                        tally.rows++;
                        tally.bad(row.number(), row.problem());
                    } else if (!ImportEvents.skipped(options.preset(), row, c)) {
                        tally.rows++;
                        localTimes |= events.convert(options, row, c, now, tally, buffer, times);
                    }
                    if (buffer.length() >= COPY_BUFFER_CHARS) {
                        staging.write(buffer);
                    }
                    if (tally.rows % PROGRESS_EVERY_ROWS == 0 && tally.rows > 0) {
                        progress = progress(caller, id, tally, progress);
                    }
                }
                staging.write(buffer);
                staging.endCopy();
            } finally {
                staging.cancelUnfinishedCopy();
                await(progress);
            }
            if (columns != null) {
                for (String column : rows.columns()) {
                    if (!columns.resolved().containsValue(column)) {
                        ignoredColumns.add(column);
                    }
                }
            }
            String timesReadIn =
                    localTimes && options.zone() != null ? options.zone().getId() : null;
            long posts = staging.posts();
            if (options.dryRun()) {
                long wouldStore = staging.newEvents();
                throw new Finished(new Outcome(wouldStore, posts, List.copyOf(ignoredColumns), timesReadIn));
            }
            if (tally.bad > 0) {
                throw new Finished(new Outcome(0, posts, List.copyOf(ignoredColumns), timesReadIn));
            }
            long stored = staging.store(now);
            return new Outcome(stored, posts, List.copyOf(ignoredColumns), timesReadIn);
        }
    }

    /** Writes the counters so far in a transaction of their own (the import's own is still open). */
    private Future<?> progress(Caller caller, UUID id, Tally tally, Future<?> previous) {
        await(previous);
        long rows = tally.rows;
        long events = tally.events;
        long bad = tally.bad;
        Instant at = clock.instant();
        return progressWriter.submit(
                () -> transactions.write(caller, jdbc -> store.progress(jdbc, id, rows, events, bad, at)));
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
                jdbc -> store.finish(
                        jdbc,
                        id,
                        status,
                        tally.rows,
                        tally.events,
                        outcome.stored,
                        status.equals("completed") ? tally.events - outcome.stored : 0,
                        tally.bad,
                        errors,
                        at));
    }

    Optional<KpiImportViews.ImportView> find(Caller caller, UUID id) {
        return transactions.read(caller, jdbc -> store.find(jdbc, id));
    }

    List<KpiImportViews.ImportView> recent(Caller caller, int limit) {
        return transactions.read(caller, jdbc -> store.recent(jdbc, limit));
    }
}
