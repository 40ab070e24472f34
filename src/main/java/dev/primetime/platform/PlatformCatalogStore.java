package dev.primetime.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * The SQL of the catalog tables ({@code platforms}, {@code platform_aliases}, {@code platform_timing_data}; V19):
 * shared reference data, read on a connection of the pool outside any tenant transaction.
 */
@Component
class PlatformCatalogStore {
    private final DataSource dataSource;

    PlatformCatalogStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One read of the catalog tables. */
    record Rows(List<PlatformRow> platforms, List<TypeRow> types) {}

    record PlatformRow(
            String id,
            String displayName,
            String shortName,
            String bestTimes,
            String frequency,
            String priorSource,
            String[] aliases) {}

    record TypeRow(
            String platform,
            String contentType,
            String name,
            String windows,
            int minPerWeek,
            int maxPerWeek,
            int minSpacingMinutes,
            double[] curve,
            String[] keywords,
            Integer maxDurationSeconds) {}

    /** The catalog's rows, platforms and content types in catalog order, read in one snapshot. */
    Rows read() {
        List<PlatformRow> platforms;
        List<TypeRow> types;
        // both reads see one snapshot of the tables, so a platform and its content types committed together arrive
        // together
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
                platforms = jdbc.query(
                        """
                        SELECT p.id, p.display_name, p.short_name, p.best_times, p.frequency, p.prior_source,
                               ARRAY(SELECT a.alias FROM platform_aliases a WHERE a.platform = p.id ORDER BY a.alias)
                                   AS aliases
                        FROM platforms p ORDER BY p.sort_order, p.id
                        """,
                        (rs, n) -> new PlatformRow(
                                rs.getString("id"),
                                rs.getString("display_name"),
                                rs.getString("short_name"),
                                rs.getString("best_times"),
                                rs.getString("frequency"),
                                rs.getString("prior_source"),
                                (String[]) rs.getArray("aliases").getArray()));
                types = jdbc.query(
                        """
                        SELECT platform, content_type, content_type_name, posting_windows::text AS posting_windows,
                               min_per_week, max_per_week, min_spacing_minutes, hour_of_week_curve,
                               export_type_keywords, max_duration_seconds
                        FROM platform_timing_data ORDER BY sort_order, content_type
                        """,
                        (rs, n) -> new TypeRow(
                                rs.getString("platform"),
                                rs.getString("content_type"),
                                rs.getString("content_type_name"),
                                rs.getString("posting_windows"),
                                rs.getInt("min_per_week"),
                                rs.getInt("max_per_week"),
                                rs.getInt("min_spacing_minutes"),
                                curve(rs.getArray("hour_of_week_curve")),
                                (String[]) rs.getArray("export_type_keywords").getArray(),
                                rs.getObject("max_duration_seconds", Integer.class)));
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the platform catalog: " + e.getMessage(), e);
        }
        return new Rows(platforms, types);
    }

    private static double[] curve(java.sql.Array array) throws SQLException {
        Object[] boxed = (Object[]) array.getArray();
        double[] values = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = ((Number) boxed[i]).doubleValue();
        }
        return values;
    }
}
