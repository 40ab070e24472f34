package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
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
}
