package dev.primetime.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Row counts of every table, read as the pool's (owner) user, to prove a rejected request wrote nothing. */
public final class TableCounts {
    private static final List<String> TABLES = List.of(
            "content_calendar",
            "content_schedule_items",
            "platform_timing_data",
            "platforms",
            "platform_aliases",
            "recommended_schedule_slots",
            "performance_kpi_events",
            "optimization_trials",
            "optimization_trial_assignments",
            "optimization_runs",
            "idempotency_keys",
            "schedule_events",
            "tenant_settings");

    private TableCounts() {}

    public static Map<String, Long> of(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(
                    table,
                    jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }
}
