/**
 * A/B trials of weekly posting slots ({@code /api/v1/scheduling/trials}): posts are placed into variants by
 * Thompson sampling, the engagement of those posts (read through {@link dev.primetime.engagement.EngagementHistory})
 * updates each variant's posterior, and a trial concludes when one variant is best with probability ≥ 0.95 under a
 * rule that keeps false winners under 5% (see TrialStatistics). Owns {@code optimization_trials} and
 * {@code optimization_trial_assignments} (their names predate the module).
 */
@ApplicationModule(allowedDependencies = {"calendar", "engagement", "platform", "tenancy", "web"})
package dev.primetime.trial;

import org.springframework.modulith.ApplicationModule;
