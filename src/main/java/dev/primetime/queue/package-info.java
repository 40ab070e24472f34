/**
 * Auto-scheduling (issue 21): a tenant's posting queue per platform (weekly wall-clock slots in the queue's zone),
 * suggested queues from the tenant's engagement model, and the placement of items that ask for {@code "queue"} (the
 * earliest free slot) or {@code "best"} (the best-scoring free time that keeps the platform's gap, weekly cap and
 * the stagger of the same content). The calendar owns items and calls the placement through its public
 * {@link dev.primetime.calendar.ItemPlacement}; scores come from {@link dev.primetime.recommendation.EngagementModel}.
 */
@ApplicationModule(
        allowedDependencies = {"calendar", "engagement", "platform", "recommendation", "settings", "tenancy", "web"})
package dev.primetime.queue;

import org.springframework.modulith.ApplicationModule;
