package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
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
        // Metrics are cumulative counters reported over time: the latest observation of each one counts.
        return transactions.read(
                Caller.forTenant(tenantId),
                jdbc -> jdbc.sql("""
                        SELECT post, platform, content_type, min(published_at) AS published_at, min(hour_of_week) AS hour_of_week,
                               sum(latest) FILTER (WHERE metric IN ('likes', 'comments', 'shares', 'saves', 'clicks')) AS interactions,
                               max(latest) FILTER (WHERE metric = 'views') AS views,
                               max(latest) FILTER (WHERE metric = 'impressions') AS impressions
                        FROM (SELECT coalesce(item_id::text, content_id) AS post, platform, content_type, published_at,
                                     hour_of_week, metric, (array_agg(value ORDER BY observed_at DESC, id))[1] AS latest
                              FROM performance_kpi_events
                              GROUP BY 1, 2, 3, 4, 5, 6) per_metric
                        GROUP BY post, platform, content_type
                        ORDER BY min(published_at), post
                        """)
                        .query((rs, n) -> {
                            double interactions = rs.getDouble("interactions");
                            double views = rs.getDouble("views");
                            double impressions = rs.getDouble("impressions");
                            double engagement = interactions > 0 ? interactions : views > 0 ? views : impressions;
                            return new PostEngagement(
                                    rs.getString("post"),
                                    Platform.find(rs.getString("platform")).orElseThrow(),
                                    rs.getString("content_type"),
                                    rs.getObject("published_at", java.time.OffsetDateTime.class)
                                            .toInstant(),
                                    rs.getInt("hour_of_week"),
                                    engagement);
                        })
                        .list());
    }

    /** Only the posts on one platform and content type. */
    public List<PostEngagement> posts(String tenantId, Platform platform, String contentType) {
        return posts(tenantId).stream()
                .filter(p -> p.platform() == platform && p.contentType().equals(contentType))
                .toList();
    }
}
