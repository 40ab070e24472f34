/**
 * When to post: a Bayesian engagement model per tenant, platform and content type over the 168 hours of the
 * week, whose prior is the platform curve and whose evidence is the tenant's own engagement events, and the
 * recommendations endpoint built on it. Other features read expected engagement through
 * {@link dev.primetime.recommendation.EngagementModel}.
 */
@ApplicationModule(
        allowedDependencies = {"background", "calendar", "engagement", "platform", "settings", "tenancy", "web"})
package dev.primetime.recommendation;

import org.springframework.modulith.ApplicationModule;
