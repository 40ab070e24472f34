package dev.primetime.engagement;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the export import endpoints answer (the module convention: {@code <Subject>Requests} in, {@code <Subject>Views} out). */
final class KpiImportViews {
    private KpiImportViews() {}

    @Schema(name = "KpiImport", description = "One import of an analytics export: its progress, then its outcome")
    record ImportView(
            UUID id,
            String preset,
            boolean dryRun,

            @Schema(
                    allowableValues = {"running", "completed", "rejected", "failed"},
                    description =
                            "running; completed (stored, or for a dry run checked); rejected (bad rows: nothing stored); failed (the service could not finish: nothing stored)")
            String status,

            @Schema(description = "Data rows read so far (not counting the header)")
            long rowsRead,

            @Schema(description = "Metric values found (one event per post and metric)")
            long eventsRead,

            @Schema(description = "Events stored (a dry run: that would be stored)")
            long eventsStored,

            @Schema(description = "Events already stored before, or repeated in the file: skipped")
            long duplicates,

            long badRows,

            @Schema(description = "The first 1,000 bad rows, each 'row N: field: problem'")
            List<String> errors,

            Instant startedAt,
            Instant updatedAt,
            Instant finishedAt) {}

    @Schema(name = "KpiImportResult")
    record Result(
            UUID id,
            String preset,
            boolean dryRun,
            String status,
            long rows,

            @Schema(description = "Rows that named a post but had no metric value: nothing to learn from them")
            long rowsWithoutMetrics,

            long posts,
            long events,

            @Schema(description = "Events stored; for a dry run, the events that would be stored")
            long stored,

            long duplicates,
            long badRows,

            @Schema(
                    description = "Every bad row (up to 1,000), 'row N: field: problem'; rows are numbered as in a"
                            + " spreadsheet (the CSV header is row 1; a JSON line is its line number)")
            List<String> errors,

            @Schema(description = "Which column fed each field")
            Map<String, String> columns,

            @Schema(description = "Columns the import did not use")
            List<String> ignoredColumns,

            @Schema(description = "The zone local times without an offset were read in; null when it was not needed")
            String timesReadIn,

            Instant startedAt,
            Instant finishedAt) {}
}
