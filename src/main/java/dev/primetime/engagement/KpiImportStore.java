package dev.primetime.engagement;

import dev.primetime.engagement.KpiImportViews.ImportView;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of the export import: its row in {@code kpi_imports} (created, progress, outcome, read back), and the
 * staging of its events ({@link Staging}: a temporary table filled with COPY, counted, then inserted into
 * {@code performance_kpi_events}). Every statement runs in a tenant transaction, so row level security scopes it.
 */
@Component
class KpiImportStore {
    private static final String SELECT = """
            SELECT id, preset, dry_run, status, rows_read, events_read, events_stored, duplicates, bad_rows,
                   errors::text AS errors, started_at, updated_at, finished_at
            FROM kpi_imports""";
    private final DataSource dataSource;
    private final JsonMapper json;

    KpiImportStore(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Claims the import's id; false when it was already used. */
    boolean create(JdbcClient jdbc, UUID id, ImportPreset preset, boolean dryRun, Instant started) {
        return jdbc.sql("""
                        INSERT INTO kpi_imports (id, preset, dry_run, status, started_at, updated_at)
                        VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT (id) DO NOTHING
                        """)
                        .params(id, preset.id(), dryRun, utc(started), utc(started))
                        .update()
                > 0;
    }

    /** The counters so far, while the import is running. */
    int progress(JdbcClient jdbc, UUID id, long rows, long events, long bad, Instant at) {
        return jdbc.sql("""
                        UPDATE kpi_imports SET rows_read = ?, events_read = ?, bad_rows = ?, updated_at = ?
                        WHERE id = ? AND status = 'running'
                        """).params(rows, events, bad, utc(at), id).update();
    }

    /** The import's outcome. */
    int finish(
            JdbcClient jdbc,
            UUID id,
            String status,
            long rows,
            long events,
            long stored,
            long duplicates,
            long bad,
            String errorsJson,
            Instant at) {
        return jdbc.sql("""
                        UPDATE kpi_imports SET status = ?, rows_read = ?, events_read = ?, events_stored = ?,
                            duplicates = ?, bad_rows = ?, errors = ?::jsonb, updated_at = ?, finished_at = ?
                        WHERE id = ?
                        """)
                .params(status, rows, events, stored, duplicates, bad, errorsJson, utc(at), utc(at), id)
                .update();
    }

    Optional<ImportView> find(JdbcClient jdbc, UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?")
                .param(id)
                .query((rs, n) -> view(rs))
                .optional();
    }

    List<ImportView> recent(JdbcClient jdbc, int limit) {
        return jdbc.sql(SELECT + " ORDER BY started_at DESC, id DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> view(rs))
                .list();
    }

    /**
     * Opens the staging of one import on the connection of the ongoing tenant transaction: creates the temporary
     * table (dropped at commit or rollback) and starts the COPY into it. Close it to give the connection back.
     */
    Staging stage() {
        return new Staging(DataSourceUtils.getConnection(dataSource));
    }

    /**
     * One import's temporary table on its transaction's connection: COPY CSV lines in, then count and store them.
     * A failure of the database is thrown as Spring's {@code DataAccessException}, as the template's would be.
     */
    final class Staging implements AutoCloseable {
        private final Connection connection;
        private CopyIn copy;

        private Staging(Connection connection) {
            this.connection = connection;
            try {
                connection.createStatement().execute("""
                        CREATE TEMP TABLE kpi_import_rows (external_event_id text, content_id text, platform text,
                            content_type text, published_at timestamptz, observed_at timestamptz, metric text,
                            value double precision, timezone text, hour_of_week smallint) ON COMMIT DROP
                        """);
                copy = connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY kpi_import_rows FROM STDIN WITH (FORMAT csv)");
            } catch (SQLException e) {
                DataSourceUtils.releaseConnection(connection, dataSource);
                throw translated(e);
            } catch (RuntimeException e) {
                DataSourceUtils.releaseConnection(connection, dataSource);
                throw e;
            }
        }

        /** Sends the buffered COPY lines (UTF-8) and empties the buffer. */
        void write(StringBuilder buffer) {
            if (buffer.isEmpty()) {
                return;
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw translated(e);
            }
            buffer.setLength(0);
        }

        /** Ends the COPY: every line sent is in the table. */
        void endCopy() {
            try {
                copy.endCopy();
            } catch (SQLException e) {
                throw translated(e);
            }
        }

        /** Abandons a COPY that did not end (reading the upload failed); nothing when it ended. */
        void cancelUnfinishedCopy() {
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                throw translated(e);
            }
        }

        /** The posts the staged events are of. */
        long posts() {
            return count("SELECT count(DISTINCT (platform, content_type, content_id)) FROM kpi_import_rows");
        }

        /** The staged events not stored yet: what a dry run would store. */
        long newEvents() {
            return count("""
                    SELECT count(DISTINCT r.external_event_id) FROM kpi_import_rows r
                    WHERE NOT EXISTS (SELECT 1 FROM performance_kpi_events e
                                      WHERE e.external_event_id = r.external_event_id)
                    """);
        }

        /** Stores the staged events (each once; one stored before is skipped); returns how many were new. */
        long store(Instant now) {
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
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw translated(e);
            }
        }

        private long count(String sql) {
            try (var statement = connection.createStatement();
                    var rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw translated(e);
            }
        }

        /** Gives the connection back to the transaction (it stays open until the transaction ends). */
        @Override
        public void close() {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private RuntimeException translated(SQLException e) {
        return new SQLErrorCodeSQLExceptionTranslator(dataSource).translate("import", null, e);
    }

    private ImportView view(java.sql.ResultSet rs) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        List<String> errors = new ArrayList<>();
        json.readTree(rs.getString("errors")).forEach(node -> errors.add(node.asString()));
        return new ImportView(
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
