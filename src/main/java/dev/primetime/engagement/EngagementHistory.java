package dev.primetime.engagement;

import dev.primetime.platform.Platform;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A tenant's engagement per post, as models read it. */
@Component
public class EngagementHistory {
    private final TenantTransactions transactions;
    private final KpiEventStore store;

    EngagementHistory(TenantTransactions transactions, KpiEventStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    /** Every post of the tenant with engagement, oldest first. */
    public List<PostEngagement> posts(String tenantId) {
        return transactions.read(Caller.forTenant(tenantId), store::posts);
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
            store.latestPerGroup(jdbc, items, contents, platform, contentType, out);
            return null;
        });
        return out;
    }
}
