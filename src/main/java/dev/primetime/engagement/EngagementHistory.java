package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A tenant's engagement per post, as models read it. */
@Component
public class EngagementHistory {
    private final TenantTransactions transactions;

    EngagementHistory(TenantTransactions transactions) {
        this.transactions = transactions;
    }

    /** Every post of the tenant with engagement, oldest first. */
    public List<PostEngagement> posts(String tenantId) {
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
        return transactions.read(
                Caller.forTenant(tenantId),
                jdbc -> jdbc.sql("""
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
                                    rs.getObject("published_at", OffsetDateTime.class)
                                            .toInstant(),
                                    zone == null ? null : ZoneId.of(zone),
                                    values);
                        })
                        .list());
    }

    /** Only the posts on one platform and content type. */
    public List<PostEngagement> posts(String tenantId, Platform platform, String contentType) {
        return posts(tenantId).stream()
                .filter(p -> p.platform().equals(platform) && p.contentType().equals(contentType))
                .toList();
    }

    /**
     * The latest value of each metric per group of posts, in the order of {@code groups} (an empty map: nothing
     * reported). An item's group counts the item's own events; a content's counts that content's events on
     * {@code platform} and {@code contentType}, except those of items that are groups of their own in the same
     * call: an item's events carry its content id, and would count for both groups. Joins the caller's ongoing
     * transaction, if any, so a reader that locked its own rows sees one snapshot.
     */
    public List<Map<KpiMetric, Double>> latestPerGroup(
            Caller caller, Platform platform, String contentType, List<PostGroup> groups) {
        List<Map<KpiMetric, Double>> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            out.add(new EnumMap<>(KpiMetric.class));
        }
        if (groups.isEmpty()) {
            return out;
        }
        UUID[] items = groups.stream().map(PostGroup::itemId).toArray(UUID[]::new);
        String[] contents = groups.stream().map(PostGroup::contentId).toArray(String[]::new);
        transactions.read(caller, jdbc -> {
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
            return null;
        });
        return out;
    }
}
