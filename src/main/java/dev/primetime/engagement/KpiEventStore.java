package dev.primetime.engagement;

import dev.primetime.engagement.KpiEventViews.KpiEventView;
import dev.primetime.platform.Platform;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.web.PageRequest;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of {@code performance_kpi_events}: recording events, listing them, and reading a tenant's history per post.
 * Every statement runs in the caller's tenant transaction (the {@link JdbcClient} given, or, for the batch insert,
 * the same connection through a {@link JdbcTemplate}), so row level security scopes it. The export import writes
 * the same table through its staging table ({@link KpiImportStore}).
 */
@Component
class KpiEventStore {
    private final JdbcTemplate batch;

    KpiEventStore(DataSource dataSource) {
        this.batch = new JdbcTemplate(dataSource);
    }

    /** Stores a validated batch in the caller's transaction; returns how many were new (an event_id seen before is skipped). */
    int insert(List<KpiEventService.Accepted> events, Instant now) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (KpiEventService.Accepted e : events) {
            double[] wide = new double[KpiMetric.values().length];
            wide[e.metric().ordinal()] = e.value();
            rows.add(new Object[] {
                e.eventId(),
                e.itemId(),
                e.contentId(),
                e.platform().id(),
                e.contentType(),
                utc(e.publishedAt()),
                utc(e.observedAt()),
                e.metric().id(),
                e.value(),
                e.zone() == null ? null : e.zone().getId(),
                e.zone() == null ? null : WeeklyCurve.slot(e.publishedAt(), e.zone()),
                (long) wide[0],
                (long) wide[1],
                (long) wide[2],
                (long) wide[3],
                (long) wide[4],
                (long) wide[5],
                (long) wide[6],
                wide[7],
                (long) wide[8],
                utc(now)
            });
        }
        int[] types = {
            Types.VARCHAR,
            Types.OTHER,
            Types.VARCHAR,
            Types.VARCHAR,
            Types.VARCHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.VARCHAR,
            Types.DOUBLE,
            Types.VARCHAR,
            Types.INTEGER,
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.DOUBLE,
            Types.BIGINT,
            Types.TIMESTAMP_WITH_TIMEZONE
        };
        int[] counts = batch.batchUpdate("""
                INSERT INTO performance_kpi_events (external_event_id, item_id, content_id, platform, content_type, published_at,
                    observed_at, metric, value, timezone, hour_of_week, impressions, views, likes, comments, shares, saves,
                    clicks, watch_time_seconds, reach, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, external_event_id) DO NOTHING
                """, rows, types);
        int stored = 0;
        for (int c : counts) {
            stored += c > 0 ? 1 : 0;
        }
        return stored;
    }

    /** One page of recorded events, newest first, and one more to tell whether another page follows. */
    List<KpiEventView> newestFirst(JdbcClient jdbc, String platform, String itemId, PageRequest page) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, external_event_id, item_id, content_id, platform, content_type, metric, value, published_at,
                       observed_at, hour_of_week, timezone, created_at
                FROM performance_kpi_events WHERE metric IS NOT NULL
                """);
        List<Object> params = new ArrayList<>();
        if (platform != null) {
            sql.append(" AND platform = ?");
            params.add(platform);
        }
        if (itemId != null) {
            sql.append(" AND item_id = ?");
            params.add(UUID.fromString(itemId));
        }
        if (!page.first()) {
            PageRequest.Position after = page.afterNewest();
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(utc(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(page.limit() + 1);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new KpiEventView(
                        rs.getObject("id", UUID.class),
                        rs.getString("external_event_id"),
                        rs.getObject("item_id", UUID.class),
                        rs.getString("content_id"),
                        rs.getString("platform"),
                        rs.getString("content_type"),
                        rs.getString("metric"),
                        rs.getDouble("value"),
                        rs.getObject("published_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("observed_at", OffsetDateTime.class).toInstant(),
                        (Integer) rs.getObject("hour_of_week", Integer.class),
                        rs.getString("timezone"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Every post of the tenant with engagement, oldest first (see {@link EngagementHistory#posts(String)}).
     */
    List<PostEngagement> posts(JdbcClient jdbc) {
        // Metrics are cumulative counters reported over time: the latest observation of each one counts (of two
        // observed at the same moment, the larger: counters only grow). A post's time is its latest event's: an item
        // moved after some events were recorded, or a client that sends a post's time slightly differently, is still
        // one post whose metrics are counted once. Its own zone is the latest one its events named (most name none:
        // the model reads them in the audience's zone).
        KpiMetric[] metrics = KpiMetric.values();
        StringBuilder pivot = new StringBuilder();
        for (KpiMetric m : metrics) {
            pivot.append(", max(m.latest) FILTER (WHERE m.metric = '")
                    .append(m.id())
                    .append("') AS ")
                    .append(m.id());
        }
        return jdbc.sql("""
                        WITH events AS (
                            SELECT coalesce(item_id::text, content_id) AS post, platform, content_type, published_at,
                                   timezone, metric, value, observed_at, id
                            FROM performance_kpi_events WHERE metric IS NOT NULL),
                        per_post AS (
                            SELECT post, platform, content_type,
                                   (array_agg(published_at ORDER BY observed_at DESC, value DESC, id))[1] AS published_at,
                                   (array_agg(timezone ORDER BY observed_at DESC, value DESC, id)
                                       FILTER (WHERE timezone IS NOT NULL))[1] AS timezone
                            FROM events GROUP BY 1, 2, 3),
                        per_metric AS (
                            SELECT post, platform, content_type, metric,
                                   (array_agg(value ORDER BY observed_at DESC, value DESC, id))[1] AS latest
                            FROM events GROUP BY 1, 2, 3, 4)
                        SELECT p.post, p.platform, p.content_type, p.published_at, p.timezone
                        """ + pivot + """

                        FROM per_post p JOIN per_metric m USING (post, platform, content_type)
                        GROUP BY p.post, p.platform, p.content_type, p.published_at, p.timezone
                        ORDER BY p.published_at, p.post
                        """)
                .query((rs, n) -> {
                    double[] values = new double[metrics.length];
                    Arrays.fill(values, Double.NaN);
                    for (KpiMetric m : metrics) {
                        double v = rs.getDouble(m.id());
                        if (!rs.wasNull()) {
                            values[m.ordinal()] = v;
                        }
                    }
                    String zone = rs.getString("timezone");
                    return new PostEngagement(
                            rs.getString("post"),
                            Platform.of(rs.getString("platform")),
                            rs.getString("content_type"),
                            rs.getObject("published_at", OffsetDateTime.class).toInstant(),
                            zone == null ? null : ZoneId.of(zone),
                            values);
                })
                .list();
    }

    /** The latest value of each metric per group of posts (see {@link EngagementHistory#latestPerGroup}), into {@code out}. */
    void latestPerGroup(
            JdbcClient jdbc,
            UUID[] items,
            String[] contents,
            Platform platform,
            String contentType,
            List<Map<KpiMetric, Double>> out) {
        jdbc.sql("""
                        WITH g AS (
                            SELECT * FROM unnest(?::uuid[], ?::text[]) WITH ORDINALITY AS g(item_id, content_id, n))
                        SELECT g.n, e.metric,
                               (array_agg(e.value ORDER BY e.observed_at DESC, e.value DESC, e.id))[1] AS value
                        FROM g
                        JOIN performance_kpi_events e
                          ON (g.item_id IS NOT NULL AND e.item_id = g.item_id)
                          OR (g.content_id IS NOT NULL AND e.content_id = g.content_id AND e.platform = ?
                              AND e.content_type = ?
                              AND (e.item_id IS NULL OR e.item_id NOT IN (
                                  SELECT item_id FROM g WHERE item_id IS NOT NULL)))
                        WHERE e.metric IS NOT NULL
                        GROUP BY g.n, e.metric
                        """).params(items, contents, platform.id(), contentType).query(rs -> {
            var metric = KpiMetric.find(rs.getString("metric"));
            if (metric.isPresent()) {
                out.get(rs.getInt("n") - 1).put(metric.get(), rs.getDouble("value"));
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
