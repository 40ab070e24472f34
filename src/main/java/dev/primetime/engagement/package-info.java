/**
 * Engagement (KPI) events: what each published post earned, one metric at a time, deduplicated by event id.
 * Other features read a tenant's history per post through {@link dev.primetime.engagement.EngagementHistory} and
 * hear about new events through {@link dev.primetime.engagement.EngagementRecorded}.
 */
@ApplicationModule(allowedDependencies = {"calendar", "platform", "tenancy", "web"})
package dev.primetime.engagement;

import org.springframework.modulith.ApplicationModule;
